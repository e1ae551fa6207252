using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;

namespace OneWindow.Applications;

/// <summary>A unit as routing sees it: which department, where.</summary>
public sealed record RoutableUnit(Guid Id, string Name, DepartmentKind Department, string DivisionCode);

/// <summary>
/// Routing, pure: a task goes to the unit of the item's department at the item's division level above
/// the place the matter belongs to (household registration for a child of 西关村 → the police of the
/// township or county 西关村 lies in, as the item's level says). No such unit means the submission is
/// refused with what is missing — an application is never stranded without a handler.
/// </summary>
public static class TaskRouter
{
    /// <summary>The division code (12 digits) at which <paramref name="item"/> is handled for <paramref name="divisionCode"/>.</summary>
    public static string CompetentDivision(ServiceItem item, string divisionCode)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Division.Prefix(divisionCode, item.Level).PadRight(12, '0');
    }

    /// <summary>Picks the competent unit among <paramref name="units"/>; several of one department at one division: the first by id, so routing is stable.</summary>
    public static Outcome<RoutableUnit> Route(ServiceItem item, string divisionCode, IEnumerable<RoutableUnit> units)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(units);
        var division = CompetentDivision(item, divisionCode);
        var unit = units.Where(u => u.Department == item.Department && u.DivisionCode == division).OrderBy(u => u.Id).FirstOrDefault();
        return unit is null
            ? new Unroutable(item.Code, item.Name, item.Department, division)
            : unit;
    }

    /// <summary>Routes every task of a plan; all missing units are named at once.</summary>
    public static Outcome<IReadOnlyDictionary<string, RoutableUnit>> RouteAll(IEnumerable<ServiceItem> items, string divisionCode, IReadOnlyCollection<RoutableUnit> units)
    {
        ArgumentNullException.ThrowIfNull(items);
        var routed = new Dictionary<string, RoutableUnit>(StringComparer.Ordinal);
        var missing = new List<Unroutable>();
        foreach (var item in items)
        {
            var outcome = Route(item, divisionCode, units);
            if (outcome.Succeeded)
            {
                routed[item.Code] = outcome.Value!;
            }
            else
            {
                missing.Add((Unroutable)outcome.Failure!);
            }
        }
        return missing.Count == 0 ? routed : new NoCompetentUnit(missing);
    }
}

/// <summary>No unit of the item's department is configured at the division that handles it.</summary>
public sealed record Unroutable(string ItemCode, string ItemName, DepartmentKind Department, string DivisionCode)
    : Failure(Texts.T("No competent unit"), Texts.T("No {0} unit is configured at division {1} to handle {2}", Department.Name(), DivisionCode, ItemName));

/// <summary>A submission refused because some of its tasks would have no handler; names each.</summary>
public sealed record NoCompetentUnit(IReadOnlyList<Unroutable> Missing)
    : Failure(Texts.T("No competent unit"), string.Join(Texts.T("; "), Missing.Select(m => m.Detail)))
{
    public override IReadOnlyDictionary<string, string[]> AsFieldErrors(string field) =>
        new Dictionary<string, string[]> { [field] = [.. Missing.Select(m => m.Detail)] };
}
