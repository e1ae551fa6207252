using OneWindow.Identity;

namespace OneWindow.Core.Tests.Identity;

public sealed class ResidentIdNumberTests
{
    private static readonly DateOnly s_today = new(2026, 11, 23);

    [Fact]
    public void The_standards_own_example_is_valid_and_read_correctly()
    {
        var result = ResidentIdNumber.Parse("11010519491231002X", s_today);

        Assert.True(result.IsValid);
        Assert.Equal("110105", result.Value!.RegionCode);
        Assert.Equal(new DateOnly(1949, 12, 31), result.Value.BirthDate);
        Assert.Equal(Sex.Female, result.Value.Sex);
    }

    [Fact]
    public void A_lower_case_x_and_surrounding_spaces_are_accepted()
    {
        Assert.True(ResidentIdNumber.Parse(" 11010519491231002x ", s_today).IsValid);
    }

    [Theory]
    [InlineData("11010519491231002", "length")]
    [InlineData("1101051949123100A1", "characters")]
    [InlineData("11010519491231002Y", "characters")]
    [InlineData("990105194912310021", "region")]
    [InlineData("110000194912310021", "region")]
    [InlineData("110105194902300021", "birthDate")]
    [InlineData("110105189912310021", "birthDate")]
    [InlineData("110105203012310021", "birthDate")]
    [InlineData("110105194912310021", "checkCharacter")]
    public void Each_broken_rule_is_named(string value, string rule)
    {
        var result = ResidentIdNumber.Parse(value, s_today);

        Assert.False(result.IsValid);
        Assert.Equal(rule, result.Rule);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Every_computed_check_character_validates_and_every_other_one_does_not()
    {
        var random = new Random(11643);
        for (var i = 0; i < 500; i++)
        {
            var birth = new DateOnly(1920, 1, 1).AddDays(random.Next(0, 36000));
            var body = $"130123{birth:yyyyMMdd}{random.Next(0, 1000):D3}";
            var check = ResidentIdNumber.CheckCharacter(body);
            Assert.True(ResidentIdNumber.Parse(body + check, s_today).IsValid, body + check);
            foreach (var wrong in "0123456789X".Where(c => c != check))
            {
                Assert.Equal("checkCharacter", ResidentIdNumber.Parse(body + wrong, s_today).Rule);
            }
        }
    }

    [Fact]
    public void Odd_sequence_digit_means_male()
    {
        var body = "13012319880612123";
        Assert.Equal(Sex.Male, ResidentIdNumber.Parse(body + ResidentIdNumber.CheckCharacter(body), s_today).Value!.Sex);
    }

    [Fact]
    public void Masking_keeps_only_the_first_and_last_four_characters()
    {
        Assert.Equal("1301**********1238", ResidentIdNumber.Mask("130123198806121238"));
    }
}
