using Microsoft.AspNetCore.Identity;

namespace OneWindow.Identity;

/// <summary>Whether an account is a member of the public or a member of staff.</summary>
public enum AccountKind
{
    Resident,
    Staff,

    /// <summary>An enterprise or individual business (credit code registered with market regulation), acting through its agent.</summary>
    Enterprise,

    /// <summary>Any other organisation with a credit code — public institutions, social organisations, law firms — acting through its agent.</summary>
    Institution,
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
/// Who signs in: a resident registered under their real name (实名注册), a staff member of one unit, or
/// an organisation (enterprise or institution, by its unified social credit code) through the agent
/// (经办人) whose real name and identity number are recorded.
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

    /// <summary>An organisation's registered name (enterprises and institutions only).</summary>
    public string? OrganisationName { get; set; }

    /// <summary>An organisation's unified social credit code (GB 32100; unique); it is also the sign-in name.</summary>
    public string? CreditCode { get; set; }

    /// <summary>The identity number of the organisation's agent (<see cref="RealName"/> is the agent's name).</summary>
    public string? AgentIdNumber { get; set; }

    /// <summary>Whether the account applies as an organisation.</summary>
    public bool IsOrganisation => Kind is AccountKind.Enterprise or AccountKind.Institution;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A detached copy with the same values (every property is a value or an immutable string).</summary>
    public Account Copy() => (Account)MemberwiseClone();

    public bool Has(StaffRoles role) => Kind == AccountKind.Staff && (Roles & role) == role;
}
