namespace OneWindow.Applications;

/// <summary>How a material was given: a file uploaded, a certificate OneWindow issued to the applicant, or shared data read with the applicant's consent in its place (免提交).</summary>
public enum MaterialSource
{
    Upload,
    Certificate,
    SharedData,
}

/// <summary>
/// One material (申请材料) given for one item of a case: an uploaded file (kept in the <see cref="MaterialStore"/>
/// under <see cref="Sha256"/>) or an issued certificate that proves the same. Never changed once added.
/// </summary>
public sealed class ApplicationMaterial
{
    public const int MaxFileNameLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ApplicationId { get; init; }

    public required string ItemCode { get; init; }

    /// <summary>The code of the item's material in the catalog.</summary>
    public required string MaterialCode { get; init; }

    public required MaterialSource Source { get; init; }

    public string? FileName { get; init; }

    public string? ContentType { get; init; }

    public long Size { get; init; }

    public string? Sha256 { get; init; }

    public Guid? CertificateId { get; init; }

    /// <summary>For <see cref="MaterialSource.SharedData"/>: the shared data item read in the material's place, its version, and the read (in the applicant's data log).</summary>
    public string? SharedItem { get; init; }

    public int? SharedVersion { get; init; }

    public Guid? ReadId { get; init; }

    public required Guid AddedBy { get; init; }

    public DateTimeOffset AddedAt { get; init; }
}
