namespace OneWindow.Certificates;

/// <summary>Configuration section <c>Certificates</c>.</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>The public address of this platform: status lists and the QR verification link point here.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Validity when the catalog item names none.</summary>
    public int DefaultValidityDays { get; set; } = 90;

    /// <summary>
    /// The unified social credit code of the authority that defines this platform's licence types: the
    /// first 18 characters of every GB/T 36904 licence type code. Unset: a well-formed code of the
    /// platform's own (synthetic until a national authority assigns one).
    /// </summary>
    public string? LicenceTypeAuthority { get; set; }

    /// <summary>How long a newly made seal may sign.</summary>
    public int SealValidityDays { get; set; } = 5 * 365;
}
