using OneWindow.Divisions;

namespace OneWindow.Catalog;

/// <summary>A service item (政务服务事项): what one department does for one request.</summary>
public sealed class ServiceItem
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }

    public string Description { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public required DepartmentKind Department { get; set; }

    /// <summary>The division level of the unit that handles the item.</summary>
    public required DivisionLevel Level { get; set; }

    /// <summary>Promised time limit (承诺时限) in working days.</summary>
    public required int TimeLimitDays { get; set; }

    public List<FormField> Fields { get; set; } = [];

    public List<Material> Materials { get; set; } = [];

    public required ItemOutput Output { get; set; }

    /// <summary>Handled across regions (跨区域通办): a clerk may file it for people outside their own division.</summary>
    public bool AcrossRegions { get; set; }

    /// <summary>Who may apply for the item on its own (服务对象).</summary>
    public List<ApplicantKind> Audience { get; set; } = [ApplicantKind.Resident];

    public DateTimeOffset UpdatedAt { get; set; }
}
