using OneWindow.Catalog;

namespace OneWindow.DataSharing;

/// <summary>Whom a shared data item's records are about.</summary>
public enum DataSubjectKind
{
    /// <summary>A person, by their identity number (GB 11643).</summary>
    Resident,

    /// <summary>An enterprise or institution, by its unified social credit code (GB 32100).</summary>
    Enterprise,
}

/// <summary>One field of a shared data item, as consumers ask for it and people see it named.</summary>
public sealed record SharedField(string Name, string Label, string LabelEn, bool Personal = false, bool Sensitive = false);

/// <summary>
/// A shared data item (共享数据项) a department publishes: what its records hold (a JSON Schema), whom they
/// are about, and which of their fields are personal or sensitive. Only the owner department writes records;
/// others read them under a grant.
/// </summary>
public sealed class SharedDataItem
{
    /// <summary>e.g. <c>police.household</c>.</summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }

    public required DepartmentKind Owner { get; set; }

    public required DataSubjectKind Subject { get; set; }

    /// <summary>The JSON Schema (2020-12) every record must satisfy, as text.</summary>
    public required string Schema { get; set; }

    public List<SharedField> Fields { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}
