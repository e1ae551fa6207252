using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// Who may act on a unit: its own staff (by role), and platform admins anywhere. Pure, so every host
/// applies the same rule.
/// </summary>
public static class StaffScope
{
    public static Failure? CheckUnit(Account actor, Guid unitId, StaffRoles role)
    {
        if (actor.Kind != AccountKind.Staff)
        {
            return new Forbidden("Only staff may do this");
        }
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return null;
        }
        if (actor.UnitId != unitId)
        {
            return new Forbidden("This unit is outside your unit's scope");
        }
        return actor.Has(role) ? null : new Forbidden($"This needs the {role} role in your unit");
    }

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
            return new Forbidden("Only a unit admin may do this");
        }
        return divisionCode.StartsWith(Divisions.Division.ScopePrefix(actorUnit.DivisionCode), StringComparison.Ordinal)
            ? null
            : new Forbidden("This division is outside your unit's division");
    }
}
