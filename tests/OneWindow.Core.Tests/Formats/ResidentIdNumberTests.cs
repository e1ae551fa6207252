using OneWindow.Identity;
using OneWindow.Formats;

namespace OneWindow.Core.Tests.Formats;

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
    [InlineData("110105179912310021", "birthDate")]
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

    [Fact]
    public void The_standards_own_example_born_in_1880_is_valid()
    {
        var id = ResidentIdNumber.Parse("440524188001010014", s_today).Value!;

        Assert.Equal(new DateOnly(1880, 1, 1), id.BirthDate);
        Assert.Equal(IdNumberKind.ResidentIdentityCard, id.Kind);
    }

    [Theory]
    [InlineData("810000")]
    [InlineData("820000")]
    [InlineData("830000")]
    public void Hong_Kong_Macao_and_Taiwan_residence_permits_are_their_own_kind(string address)
    {
        var body = address + "19900101001";
        var id = ResidentIdNumber.Parse(body + ResidentIdNumber.CheckCharacter(body), s_today).Value!;

        Assert.Equal(IdNumberKind.HongKongMacaoTaiwanResidencePermit, id.Kind);
        Assert.Equal(address, id.RegionCode);
    }

    [Fact]
    public void The_2023_foreign_permanent_resident_card_is_read_with_its_nationality()
    {
        var id = ResidentIdNumber.Parse("932682198501010017", s_today).Value!;

        Assert.Equal(IdNumberKind.ForeignPermanentResidentIdCard, id.Kind);
        Assert.Equal("682", id.NationalityCode);
        Assert.Equal(new DateOnly(1985, 1, 1), id.BirthDate);
    }

    [Theory]
    [InlineData("99", "682", "region")]       // no such issuing province
    [InlineData("81", "682", "region")]       // Hong Kong does not issue the card
    [InlineData("32", "000", "nationality")]  // not a country code
    [InlineData("32", "156", "nationality")]  // China itself
    public void A_foreign_permanent_resident_card_names_the_broken_rule(string province, string nationality, string rule)
    {
        var body = "9" + province + nationality + "19850101001";

        Assert.Equal(rule, ResidentIdNumber.Parse(body + ResidentIdNumber.CheckCharacter(body), s_today).Rule);
    }
}
