namespace OneWindow.Catalog;

/// <summary>An edge of a bundle's prerequisite graph: <see cref="Item"/> starts only after <see cref="Requires"/> is done.</summary>
public sealed record Prerequisite(string Item, string Requires);

/// <summary>A declared result of item <see cref="From"/> that fills field <see cref="Field"/> of item <see cref="To"/>, which waits for it.</summary>
public sealed record ResultFlow(string From, string Result, string To, string Field);

/// <summary>Where a unified-form field's value goes.</summary>
public sealed record FieldMapping(string Item, string Field);

/// <summary>A field of a bundle's unified form, mapped onto the items' own fields.</summary>
public sealed record BundleField : FormField
{
    public IReadOnlyList<FieldMapping> MapsTo { get; init; } = [];
}

/// <summary>A bundle (一件事): several departments' items under one application and one form.</summary>
public sealed class Bundle
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }

    public string Description { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    /// <summary>Which national list the bundle came from (1 or 2), or null for local bundles.</summary>
    public int? Batch { get; set; }

    public required int TimeLimitDays { get; set; }

    public List<string> Items { get; set; } = [];

    public List<Prerequisite> Prerequisites { get; set; } = [];

    public List<BundleField> Fields { get; set; } = [];

    /// <summary>
    /// The unified-form fields that identify whom the bundle is about (the newborn: mother's identity
    /// number, birth date, child's name). Two applications with the same values are the same matter, whoever files them.
    /// </summary>
    public List<string> SubjectKey { get; set; } = [];

    /// <summary>Results of earlier items that fill fields of later ones (出生医学证明编号 → 户口登记).</summary>
    public List<ResultFlow> Flows { get; set; } = [];

    /// <summary>Who may apply for the bundle (服务对象).</summary>
    public List<ApplicantKind> Audience { get; set; } = [ApplicantKind.Resident];

    public DateTimeOffset UpdatedAt { get; set; }
}
