namespace OneWindow.Certificates;

/// <summary>Configuration section <c>Certificates</c>.</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>The public address of this platform: status lists and the QR verification link point here.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Validity when the catalog item names none.</summary>
    public int DefaultValidityDays { get; set; } = 90;

    /// <summary>How long a newly made seal may sign.</summary>
    public int SealValidityDays { get; set; } = 5 * 365;
}
