namespace OneWindow.Catalog;

/// <summary>
/// A material (申请材料) an item requires; when <see cref="SharedData"/> names a shared-data item that
/// holds the same facts, the material is not asked for (once-only, 减证便民); when <see cref="Certificate"/>
/// names a certificate type OneWindow issues, the applicant may give such a certificate instead of a file.
/// </summary>
public sealed record Material(string Code, string Name, string NameEn, bool Required, string? SharedData, string? Certificate = null);
