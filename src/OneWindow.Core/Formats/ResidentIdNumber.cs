using System.Globalization;

namespace OneWindow.Formats;

/// <summary>Sex recorded in a resident identity number (odd sequence digit: male).</summary>
public enum Sex
{
    Female,
    Male,
}

/// <summary>Which document an 18-character identity number belongs to; each kind has its own rules.</summary>
public enum IdNumberKind
{
    /// <summary>居民身份证: GB 11643 with a county-level address code.</summary>
    ResidentIdentityCard,

    /// <summary>港澳台居民居住证: GB 11643 with address code 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).</summary>
    HongKongMacaoTaiwanResidencePermit,

    /// <summary>外国人永久居留身份证 (2023): 9, issuing province, ISO 3166-1 numeric nationality, birth date, sequence, check.</summary>
    ForeignPermanentResidentIdCard,
}

/// <summary>
/// An identity number in the GB 11643-1999 layout (公民身份号码): a six-digit address code, an
/// eight-digit birth date, a three-digit sequence code whose last digit gives the sex, and an
/// ISO 7064 MOD 11-2 check character. The same layout serves the residence permits of Hong Kong,
/// Macao and Taiwan residents and, with its own first six digits, the 2023 foreign permanent
/// resident ID card; <see cref="Kind"/> says which it is.
/// </summary>
public sealed record ResidentIdNumber(string Value, string RegionCode, DateOnly BirthDate, Sex Sex, IdNumberKind Kind = IdNumberKind.ResidentIdentityCard, string? NationalityCode = null)
{
    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Provinces (first two digits of the address code) of GB/T 2260, plus 71 Taiwan, 81 Hong Kong, 82 Macao.</summary>
    private static readonly HashSet<string> s_provinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ];

    /// <summary>Address codes of the residence permits for Hong Kong, Macao and Taiwan residents.</summary>
    private static readonly HashSet<string> s_permitCodes = ["810000", "820000", "830000"];

    /// <summary>
    /// The earliest birth date accepted: the standard's four-digit year allows 18xx (its own example,
    /// 440524188001010014, was born in 1880).
    /// </summary>
    private static readonly DateOnly s_earliestBirth = new(1800, 1, 1);

    /// <summary>Parses and validates; <paramref name="today"/> bounds the birth date.</summary>
    public static ValidationResult<ResidentIdNumber> Parse(string? input, DateOnly today)
    {
        var value = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            return ValidationResult<ResidentIdNumber>.Fail("length", Common.Texts.T("must be 18 characters, got {0}", value.Length));
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return ValidationResult<ResidentIdNumber>.Fail("characters", Common.Texts.T("character {0} must be a digit", i + 1));
            }
        }
        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            return ValidationResult<ResidentIdNumber>.Fail("characters", Common.Texts.T("the check character must be a digit or X"));
        }
        var region = value[..6];
        var kind = value[0] == '9' ? IdNumberKind.ForeignPermanentResidentIdCard
            : s_permitCodes.Contains(region) ? IdNumberKind.HongKongMacaoTaiwanResidencePermit
            : IdNumberKind.ResidentIdentityCard;
        string? nationality = null;
        if (kind == IdNumberKind.ForeignPermanentResidentIdCard)
        {
            if (!s_provinceCodes.Contains(value.Substring(1, 2)) || value[1] is '7' or '8')
            {
                return ValidationResult<ResidentIdNumber>.Fail("region", Common.Texts.T("foreign permanent resident ID: {0} is not the code of a mainland province that issues the card", value.Substring(1, 2)));
            }
            nationality = value.Substring(3, 3);
            var numeric = int.Parse(nationality, CultureInfo.InvariantCulture);
            if (numeric is < 4 or > 894 || nationality == "156")
            {
                return ValidationResult<ResidentIdNumber>.Fail("nationality", Common.Texts.T("foreign permanent resident ID: {0} is not an ISO 3166-1 numeric country code of another country", nationality));
            }
        }
        else if (kind == IdNumberKind.ResidentIdentityCard && (!s_provinceCodes.Contains(region[..2]) || region[2..] == "0000"))
        {
            return ValidationResult<ResidentIdNumber>.Fail("region", Common.Texts.T("address code {0} is not a county-level region code", region));
        }
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
        {
            return ValidationResult<ResidentIdNumber>.Fail("birthDate", Common.Texts.T("birth date {0} is not a calendar date", value.Substring(6, 8)));
        }
        if (birth < s_earliestBirth || birth > today)
        {
            return ValidationResult<ResidentIdNumber>.Fail("birthDate", Common.Texts.T("birth date {0:yyyy-MM-dd} is outside {1:yyyy-MM-dd}..today", birth, s_earliestBirth));
        }
        var expected = CheckCharacter(value.AsSpan(0, 17));
        if (value[17] != expected)
        {
            return ValidationResult<ResidentIdNumber>.Fail("checkCharacter", Common.Texts.T("check character is {0}, expected {1} (ISO 7064 MOD 11-2)", value[17], expected));
        }
        var sex = (value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
        return ValidationResult<ResidentIdNumber>.Ok(new ResidentIdNumber(value, region, birth, sex, kind, nationality));
    }

    /// <summary>ISO 7064 MOD 11-2 check character over the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * s_weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>Masks for display in public pages and logs: 1301**********1234.</summary>
    public static string Mask(string value) =>
        value.Length < 8 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 4), new string('*', value.Length - 8), value.AsSpan(value.Length - 4));

    public override string ToString() => Mask(Value);
}
