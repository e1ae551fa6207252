namespace OneWindow.Formats;

/// <summary>
/// An enterprise or organisation unified social credit code (统一社会信用代码) as GB 32100-2015 defines it:
/// registration-authority code, organisation-type code, six-digit division code, nine-character
/// organisation code, and a MOD 31 check character over the standard's 31-character set.
/// </summary>
public sealed record UnifiedSocialCreditCode(string Value, char Authority, char OrganisationType, string DivisionCode)
{
    /// <summary>The standard's character set: digits and capital letters without I, O, Z, S, V.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Registration authorities and the organisation types each may register (GB 32100-2015 Table 1).</summary>
    private static readonly Dictionary<char, string> s_types = new()
    {
        ['1'] = "1239",   // 机构编制: organs, public institutions, central staffing-registered, other
        ['2'] = "19",     // 外交
        ['3'] = "12345679", // 司法行政: law firms, notaries, etc.
        ['4'] = "19",     // 文化
        ['5'] = "12349",  // 民政: social organisations, private non-enterprise units, foundations; 4: village/residents' committees (基层群众性自治组织)
        ['6'] = "129",    // 旅游
        ['7'] = "129",    // 宗教
        ['8'] = "129",    // 工会
        ['9'] = "123",    // 工商 (market regulation): enterprises, individual businesses, farmers' cooperatives
        ['A'] = "19",     // 中央军委改革和编制办公室
        ['N'] = "1239",   // 农业: rural collective economic organisations
        ['Y'] = "1",      // 其他
    };

    public static ValidationResult<UnifiedSocialCreditCode> Parse(string? input)
    {
        var value = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            return ValidationResult<UnifiedSocialCreditCode>.Fail("length", Common.Texts.T("must be 18 characters, got {0}", value.Length));
        }
        for (var i = 0; i < 18; i++)
        {
            if (Alphabet.IndexOf(value[i], StringComparison.Ordinal) < 0)
            {
                return ValidationResult<UnifiedSocialCreditCode>.Fail("characters", Common.Texts.T("character {0} '{1}' is not in the GB 32100 character set (digits and capitals without I, O, Z, S, V)", i + 1, value[i]));
            }
        }
        if (!s_types.TryGetValue(value[0], out var types))
        {
            return ValidationResult<UnifiedSocialCreditCode>.Fail("authority", Common.Texts.T("registration-authority code {0} is not defined", value[0]));
        }
        if (!types.Contains(value[1], StringComparison.Ordinal))
        {
            return ValidationResult<UnifiedSocialCreditCode>.Fail("organisationType", Common.Texts.T("organisation-type code {0} is not defined for registration authority {1}", value[1], value[0]));
        }
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return ValidationResult<UnifiedSocialCreditCode>.Fail("division", Common.Texts.T("division code {0} must be six digits", value[2..8]));
            }
        }
        var expected = CheckCharacter(value.AsSpan(0, 17));
        if (value[17] != expected)
        {
            return ValidationResult<UnifiedSocialCreditCode>.Fail("checkCharacter", Common.Texts.T("check character is {0}, expected {1} (GB 32100 MOD 31)", value[17], expected));
        }
        return ValidationResult<UnifiedSocialCreditCode>.Ok(new UnifiedSocialCreditCode(value, value[0], value[1], value[2..8]));
    }

    /// <summary>The MOD 31 check character over the first 17 characters.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i]) * s_weights[i];
        }
        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>
    /// Builds a well-formed code for a demo unit: authority, type and division as given, the
    /// organisation code derived deterministically from <paramref name="seed"/>, and the check character.
    /// </summary>
    public static string Synthesize(char authority, char type, string divisionCode6, int seed)
    {
        Span<char> chars = stackalloc char[18];
        chars[0] = authority;
        chars[1] = type;
        divisionCode6.AsSpan(0, 6).CopyTo(chars[2..]);
        // Nine-character organisation code (GB 11714): eight body characters and its own check character.
        var n = (uint)seed;
        for (var i = 0; i < 8; i++)
        {
            chars[8 + i] = Alphabet[(int)(n % 10)];
            n = (n / 10) + ((uint)i * 7);
        }
        chars[16] = OrganisationCodeCheck(chars.Slice(8, 8));
        chars[17] = CheckCharacter(chars[..17]);
        return new string(chars);
    }

    /// <summary>GB 11714 check character of an eight-character organisation code body.</summary>
    private static char OrganisationCodeCheck(ReadOnlySpan<char> body)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body[i];
            var v = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += v * weights[i];
        }
        var check = 11 - (sum % 11);
        // "X" is outside GB 32100's alphabet; the standard maps 10 to X, which is allowed there.
        return check switch { 11 => '0', 10 => 'X', _ => (char)('0' + check) };
    }

    public override string ToString() => Value;
}
