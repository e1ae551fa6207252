using OneWindow.Identity;
using OneWindow.Formats;

namespace OneWindow.Core.Tests.Formats;

public sealed class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    public void Published_codes_are_valid(string code)
    {
        var result = UnifiedSocialCreditCode.Parse(code);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(code[2..8], result.Value!.DivisionCode);
    }

    [Theory]
    [InlineData("91350100M000100Y4", "length")]
    [InlineData("91350100M000100I43", "characters")]
    [InlineData("91350100M000100O43", "characters")]
    [InlineData("B1350100M000100Y43", "authority")]
    [InlineData("97350100M000100Y43", "organisationType")]
    [InlineData("9135A100M000100Y43", "division")]
    [InlineData("91350100M000100Y44", "checkCharacter")]
    public void Each_broken_rule_is_named(string value, string rule)
    {
        var result = UnifiedSocialCreditCode.Parse(value);

        Assert.False(result.IsValid);
        Assert.Equal(rule, result.Rule);
    }

    [Fact]
    public void Synthesized_demo_codes_are_valid_and_distinct()
    {
        var codes = Enumerable.Range(0, 2000).Select(i => UnifiedSocialCreditCode.Synthesize('1', '1', "130123", i)).ToList();

        Assert.All(codes, c => Assert.True(UnifiedSocialCreditCode.Parse(c).IsValid, c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
