using System.Globalization;
using OneWindow.Common;

namespace OneWindow.Certificates;

/// <summary>
/// The national e-licence identifier of GB/T 36904-2018 (电子证照标识):
/// <c>1.2.156.3005.2 . licence type code . issuing unit code . licence number . version . check</c>, where the
/// licence type code is the defining authority's unified social credit code followed by a three-digit
/// type number, the issuing unit code is the issuer's unified social credit code, the version has
/// three digits, and the check character is ISO 7064 MOD 37,36 over everything after the root, dots
/// left out — as in the standard's example
/// <c>1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U</c>.
/// <para>
/// Identifiers issued before December 2026 had a 14-digit type code, a one-digit version and the check
/// over the root as well (<c>1.2.156.3005.2.11350000000001.&lt;USCC&gt;.0000000001.1.X</c>); they are recognised
/// by that 14-digit type code and stay valid (<see cref="IsLegacy"/>).
/// </para>
/// </summary>
public static class LicenceIdentifier
{
    public const string Root = "1.2.156.3005.2";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The platform's own licence-type authority when none is configured (well-formed, synthetic).</summary>
    public static readonly string DefaultTypeAuthority = Formats.UnifiedSocialCreditCode.Synthesize('1', '1', "130000", 3005);

    /// <summary>The three-digit type number of a certificate type under the type authority.</summary>
    public static string TypeNumber(string certificateType) => certificateType switch
    {
        "residence" => "001",
        "no-criminal-record" => "002",
        "family-economic-status" => "003",
        _ => (100 + (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificateType))) % 900)).ToString("D3", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Makes the identifier of licence number <paramref name="serial"/> (unique per issuing unit) issued in
    /// <paramref name="year"/>: the licence number is the year followed by the seven-digit serial.
    /// </summary>
    public static string Create(string certificateType, string issuerCreditCode, long serial, int year, string? typeAuthority = null, int version = 1)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{typeAuthority ?? DefaultTypeAuthority}{TypeNumber(certificateType)}.{issuerCreditCode}.{year:D4}{serial:D7}.{version:D3}");
        return $"{Root}.{body}.{CheckCharacter(body)}";
    }

    /// <summary>ISO 7064 hybrid system MOD 37,36 over the letters and digits of <paramref name="body"/> (dots skipped).</summary>
    public static char CheckCharacter(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        const int m = 36;
        var p = m;
        foreach (var c in body)
        {
            if (c == '.')
            {
                continue;
            }
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{c}' cannot appear in a licence identifier.", nameof(body));
            }
            var s = (p + value) % m;
            if (s == 0)
            {
                s = m;
            }
            p = s * 2 % (m + 1);
        }
        return Alphabet[(m + 1 - p) % m];
    }

    /// <summary>Whether the identifier has the layout OneWindow used before GB/T 36904 was followed exactly.</summary>
    public static bool IsLegacy(string identifier) =>
        identifier is not null && identifier.StartsWith(Root + ".", StringComparison.Ordinal)
        && identifier[(Root.Length + 1)..].Split('.') is [{ Length: 14 } type, _, _, _, _] && type.All(char.IsAsciiDigit);

    /// <summary>Checks layout and check character; null when valid, else the reason.</summary>
    public static string? Validate(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier) || !identifier.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return Texts.T("must start with {0}", Root);
        }
        var rest = identifier[(Root.Length + 1)..];
        var parts = rest.Split('.');
        if (parts.Length != 5)
        {
            return Texts.T("must have licence type code, issuing unit code, licence number, version and check character");
        }
        var legacy = IsLegacy(identifier);
        if (!legacy)
        {
            if (parts[0].Length != 21 || !parts[0][18..].All(char.IsAsciiDigit))
            {
                return Texts.T("the licence type code is the type authority's unified social credit code followed by a three-digit type number");
            }
            if (Formats.UnifiedSocialCreditCode.Parse(parts[0][..18]) is { IsValid: false } authority)
            {
                return Texts.T("licence type authority: {0}", authority.Reason!);
            }
            if (parts[3].Length != 3 || !parts[3].All(char.IsAsciiDigit))
            {
                return Texts.T("the version has three digits");
            }
        }
        if (Formats.UnifiedSocialCreditCode.Parse(parts[1]) is { IsValid: false } code)
        {
            return Texts.T("issuing unit code: {0}", code.Reason!);
        }
        if (parts[2].Length is 0 or > 40)
        {
            return Texts.T("the licence number is 1 to 40 characters");
        }
        if (parts[4].Length != 1)
        {
            return Texts.T("the check character is one character");
        }
        char expected;
        try
        {
            // Since GB/T 36904 is followed exactly the check covers the part after the root; legacy ones covered the root too.
            expected = CheckCharacter(legacy ? identifier[..identifier.LastIndexOf('.')] : rest[..rest.LastIndexOf('.')]);
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        return parts[4][0] == expected ? null : Texts.T("check character is {0}, expected {1} (ISO 7064 MOD 37,36)", parts[4], expected);
    }
}
