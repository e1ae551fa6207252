using Microsoft.AspNetCore.Identity;

namespace OneWindow.Identity;

/// <summary>Whether an account is a member of the public or a member of staff.</summary>
public enum AccountKind
{
    Resident,
    Staff,
}

/// <summary>Roles a staff member holds within their unit.</summary>
[Flags]
public enum StaffRoles
{
    None = 0,
    Clerk = 1,          // 窗口/村级经办人员
    Reviewer = 2,       // 审核人员
    UnitAdmin = 4,      // 单位管理员
    Supervisor = 8,     // 运行监管
    PlatformAdmin = 16, // 平台管理员
}

/// <summary>
/// A person who signs in: a resident registered under their real name (实名注册) or a staff member
/// of one unit.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    public AccountKind Kind { get; set; }

    /// <summary>The real name as on the identity card.</summary>
    public string RealName { get; set; } = "";

    /// <summary>Resident identity number (residents only; unique).</summary>
    public string? IdNumber { get; set; }

    /// <summary>The unit a staff member belongs to.</summary>
    public Guid? UnitId { get; set; }

    public StaffRoles Roles { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Has(StaffRoles role) => Kind == AccountKind.Staff && (Roles & role) == role;
}
