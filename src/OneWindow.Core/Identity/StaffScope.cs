using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// Who may act on a division (the liaison roster): a unit admin on their unit's division and below,
/// platform admins anywhere. Authority over units follows <see cref="SupervisionLine"/> instead.
/// </summary>
public static class StaffScope
{
    /// <summary>
    /// A unit admin may act on their unit's division and the divisions below it (the liaison roster);
    /// platform admins anywhere.
    /// </summary>
    public static Failure? CheckDivision(Account actor, Unit? actorUnit, string divisionCode)
    {
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return null;
        }
        if (!actor.Has(StaffRoles.UnitAdmin) || actorUnit is null)
        {
            return new Forbidden(Texts.T("Only a unit admin may do this"));
        }
        return divisionCode.StartsWith(Divisions.Division.ScopePrefix(actorUnit.DivisionCode), StringComparison.Ordinal)
            ? null
            : new Forbidden(Texts.T("This division is outside your unit's division"));
    }
}
