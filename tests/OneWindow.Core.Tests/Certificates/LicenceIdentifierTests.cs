using OneWindow.Certificates;

namespace OneWindow.Core.Tests.Certificates;

public sealed class LicenceIdentifierTests
{
    private const string Published = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";

    [Fact]
    public void The_standards_published_example_is_valid()
    {
        Assert.Null(LicenceIdentifier.Validate(Published));
        Assert.Equal('U', LicenceIdentifier.CheckCharacter("11100000000013338W011.11430000006122244L.20230000403.001"));
        Assert.False(LicenceIdentifier.IsLegacy(Published));
    }

    [Fact]
    public void A_changed_character_breaks_the_check()
    {
        Assert.Contains("校验码", LicenceIdentifier.Validate(Published.Replace("20230000403", "20230000404", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_made_here_have_the_standard_layout()
    {
        var made = LicenceIdentifier.Create("residence", "11430000006122244L", 42, 2026);
        var parts = made[(LicenceIdentifier.Root.Length + 1)..].Split('.');

        Assert.Null(LicenceIdentifier.Validate(made));
        Assert.Equal(LicenceIdentifier.DefaultTypeAuthority + "001", parts[0]);
        Assert.Equal("11430000006122244L", parts[1]);
        Assert.Equal("20260000042", parts[2]);
        Assert.Equal("001", parts[3]);
    }

    [Fact]
    public void Identifiers_issued_before_the_fix_are_recognised_and_stay_valid()
    {
        const string legacy = "1.2.156.3005.2.11350000000001.11430000006122244L.0000000001.1.A";

        Assert.True(LicenceIdentifier.IsLegacy(legacy));
        Assert.Null(LicenceIdentifier.Validate(legacy));
        Assert.NotNull(LicenceIdentifier.Validate(legacy[..^1] + "B"));
    }

    [Theory]
    [InlineData("1.2.156.3005.1.11100000000013338W011.11430000006122244L.20230000403.001.U")]
    [InlineData("1.2.156.3005.2.11100000000013338W01.11430000006122244L.20230000403.001.U")]
    [InlineData("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.1.U")]
    [InlineData("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001")]
    public void Malformed_identifiers_say_what_is_wrong(string identifier) => Assert.NotNull(LicenceIdentifier.Validate(identifier));
}
