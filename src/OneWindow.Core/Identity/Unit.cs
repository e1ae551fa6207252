using OneWindow.Catalog;

namespace OneWindow.Identity;

/// <summary>The kind of a unit that staff belong to.</summary>
public enum UnitKind
{
    VillageCommittee,  // 村（居）民委员会
    TownshipCentre,    // 乡镇（街道）便民服务中心
    CountyBureau,      // 县级行政审批局 / 政务服务中心
    DepartmentOffice,  // 部门（公安、卫健、医保……）
}

/// <summary>An organisation whose staff handle matters at one division.</summary>
public sealed class Unit
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public required UnitKind Kind { get; set; }

    public required DepartmentKind Department { get; set; }

    /// <summary>The 12-digit code of the division the unit serves.</summary>
    public required string DivisionCode { get; set; }

    /// <summary>The unit's unified social credit code (GB 32100), validated.</summary>
    public required string CreditCode { get; set; }

    /// <summary>The unit directly above on its supervising line (see <see cref="SupervisionLine"/>); null at the top.</summary>
    public Guid? SupervisingUnitId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
