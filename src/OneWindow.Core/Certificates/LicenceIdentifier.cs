namespace OneWindow.Certificates;

/// <summary>
/// The national e-licence identifier layout of GB/T 36904 (电子证照标识):
/// <c>1.2.156.3005.2.&lt;licence type code&gt;.&lt;issuer's unified social credit code&gt;.&lt;serial&gt;.&lt;version&gt;.&lt;check&gt;</c>,
/// the check character ISO 7064 MOD 37,36 over every character before it except the dots.
/// </summary>
public static class LicenceIdentifier
{
    public const string Root = "1.2.156.3005.2";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Licence type codes this platform allocates for its certificate types until a national code is assigned.</summary>
    public static string TypeCode(string certificateType) => certificateType switch
    {
        "residence" => "11350000000001",
        "no-criminal-record" => "11350000000002",
        "family-economic-status" => "11350000000003",
        _ => "1135" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificateType)))[..10],
    };

    public static string Create(string certificateType, string issuerCreditCode, long serial, int version = 1)
    {
        var body = $"{Root}.{TypeCode(certificateType)}.{issuerCreditCode}.{serial:D10}.{version}";
        return $"{body}.{CheckCharacter(body)}";
    }

    /// <summary>ISO 7064 hybrid system MOD 37,36 over the letters and digits of <paramref name="body"/>.</summary>
    public static char CheckCharacter(string body)
    {
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

    /// <summary>Checks layout and check character; null when valid, else the reason.</summary>
    public static string? Validate(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier) || !identifier.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return $"must start with {Root}";
        }
        var parts = identifier[(Root.Length + 1)..].Split('.');
        if (parts.Length != 5)
        {
            return "must have type code, issuer code, serial, version and check character";
        }
        if (Identity.UnifiedSocialCreditCode.Parse(parts[1]) is { IsValid: false } code)
        {
            return $"issuer code: {code.Reason}";
        }
        if (parts[4].Length != 1)
        {
            return "the check character is one character";
        }
        char expected;
        try
        {
            expected = CheckCharacter(identifier[..identifier.LastIndexOf('.')]);
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        return parts[4][0] == expected ? null : $"check character is {parts[4]}, expected {expected} (ISO 7064 MOD 37,36)";
    }
}
