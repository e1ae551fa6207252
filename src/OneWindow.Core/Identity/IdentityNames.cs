using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class IdentityNames
{
    /// <summary>The roles, e.g. 经办人员或审核人员.</summary>
    public static string Name(this StaffRoles roles) => string.Join(Texts.T(" or "), Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && roles.HasFlag(r)).Select(r => r switch
    {
        StaffRoles.Clerk => Texts.T("Clerk"),
        StaffRoles.Reviewer => Texts.T("Reviewer"),
        StaffRoles.UnitAdmin => Texts.T("Unit admin"),
        StaffRoles.Supervisor => Texts.T("Supervisor"),
        StaffRoles.PlatformAdmin => Texts.T("Platform admin"),
        _ => throw new ArgumentOutOfRangeException(nameof(roles)),
    }));
}
