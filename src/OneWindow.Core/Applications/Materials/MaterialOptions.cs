namespace OneWindow.Applications;

/// <summary>Where uploaded materials are kept and how large they may be (section <c>Materials</c>).</summary>
public sealed class MaterialOptions
{
    public const string Section = "Materials";

    /// <summary>The largest upload the API accepts at all (10 MB); <see cref="MaxBytes"/> may be set lower.</summary>
    public const long UploadLimit = 10 * 1024 * 1024;

    /// <summary>Folder of the content-addressed store; relative paths are taken from the working directory.</summary>
    public string Path { get; set; } = "data/materials";

    public long MaxBytes { get; set; } = UploadLimit;

    /// <summary>Files per material of one case (both sides of a card, several pages).</summary>
    public int MaxFilesPerMaterial { get; set; } = 10;
}
