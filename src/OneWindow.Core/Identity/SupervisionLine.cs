using OneWindow.Catalog;
using OneWindow.Divisions;

namespace OneWindow.Identity;

/// <summary>What the supervision rule needs to know of a unit.</summary>
public sealed record UnitFacts(Guid Id, UnitKind Kind, DepartmentKind Department, string DivisionCode);

/// <summary>What an admin does to a unit; each is allowed along the unit's supervising line only.</summary>
public enum AuthorityAction
{
    /// <summary>See the unit's staff, seals and specimens.</summary>
    ViewUnit,

    /// <summary>Create staff, set or reset passwords, change roles, disable or enable accounts.</summary>
    ManageStaff,

    /// <summary>Make or upload the unit's own seal, submit its reviewers' signature specimens.</summary>
    SubmitSeal,

    /// <summary>Register (备案) or reject a submitted seal or signature specimen.</summary>
    RegisterSeal,

    /// <summary>Revoke a registered seal (lost or compromised key).</summary>
    RevokeSeal,

    /// <summary>Connect the unit's own system: register its webhook endpoint, see and replay its undelivered messages.</summary>
    ManageIntegration,
}

/// <summary>
/// The supervising line between units (上级主管单位): each unit has one supervising unit, by default
/// the same department at the nearest division above (township police station → county public-security
/// bureau); village committees answer to their township's government (便民服务中心), township centres
/// to the county's government-services bureau. Authority over another unit follows this line only,
/// never the division alone. Pure: the one rule every endpoint asks.
/// </summary>
public static class SupervisionLine
{
    /// <summary>The default supervising unit of <paramref name="unit"/> among <paramref name="units"/>, or null at the top of its line.</summary>
    public static Guid? DefaultSupervisor(UnitFacts unit, IEnumerable<UnitFacts> units) =>
        DefaultSupervisor(unit, ByDivision(units));

    /// <summary>Units by division code, built once for many <see cref="DefaultSupervisor(UnitFacts, ILookup{string, UnitFacts})"/> calls.</summary>
    public static ILookup<string, UnitFacts> ByDivision(IEnumerable<UnitFacts> units) => units.ToLookup(u => u.DivisionCode, StringComparer.Ordinal);

    /// <summary>As above, over units already grouped by division (a province's tens of thousands of units are grouped once, not once per unit).</summary>
    public static Guid? DefaultSupervisor(UnitFacts unit, ILookup<string, UnitFacts> byDivision)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(byDivision);
        Func<UnitFacts, bool> fits = unit.Kind switch
        {
            UnitKind.VillageCommittee => u => u.Kind == UnitKind.TownshipCentre,
            UnitKind.TownshipCentre => u => u.Department == DepartmentKind.GovernmentServices,
            _ => u => u.Department == unit.Department,
        };
        foreach (var ancestor in AncestorCodes(unit.DivisionCode))
        {
            var found = byDivision[ancestor].Where(u => u.Id != unit.Id).Where(fits).OrderBy(u => u.Id).FirstOrDefault();
            if (found is not null)
            {
                return found.Id;
            }
        }
        return null;
    }

    /// <summary>The 12-digit codes of the divisions above <paramref name="code"/>, nearest first.</summary>
    public static IEnumerable<string> AncestorCodes(string code)
    {
        var level = LevelOf(code);
        for (var l = (int)level - 1; l >= (int)DivisionLevel.Province; l--)
        {
            var ancestor = Division.Prefix(code, (DivisionLevel)l).PadRight(12, '0');
            if (ancestor != code)
            {
                yield return ancestor;
            }
        }
    }

    /// <summary>The level a 12-digit code sits at, read from which of its digits are set.</summary>
    public static DivisionLevel LevelOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        for (var level = DivisionLevel.Village; level > DivisionLevel.Province; level--)
        {
            var shorter = Division.PrefixLength(level - 1);
            if (code.AsSpan(shorter).ContainsAnyExcept('0'))
            {
                return level;
            }
        }
        return DivisionLevel.Province;
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may do <paramref name="action"/> to the unit whose supervising units,
    /// nearest first, are <paramref name="chainAbove"/>.
    /// </summary>
    public static bool Allows(Account actor, AuthorityAction action, Guid unitId, IReadOnlyList<Guid> chainAbove)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(chainAbove);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } own)
        {
            return false;
        }
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return true;
        }
        var isOwn = own == unitId;
        var isAbove = !isOwn && chainAbove.Contains(own);
        var admin = actor.Has(StaffRoles.UnitAdmin);
        return action switch
        {
            AuthorityAction.ViewUnit => isOwn || (isAbove && admin),
            AuthorityAction.ManageStaff => admin && (isOwn || isAbove),
            AuthorityAction.SubmitSeal => admin && isOwn,
            AuthorityAction.RegisterSeal => admin && isAbove,
            AuthorityAction.RevokeSeal => admin && (isOwn || isAbove),
            AuthorityAction.ManageIntegration => admin && (isOwn || isAbove),
        };
    }
}
