using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;

namespace OneWindow.Identity;

/// <summary>
/// How other modules read and add units: the units table belongs to Identity, and no other module touches
/// it directly (the architecture test <c>ModuleTableTests</c> holds that). Reads are untracked.
/// </summary>
public static class UnitQueries
{
    public static Task<Unit?> FindAsync(OneWindowDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
    }

    public static Task<bool> ExistsAsync(OneWindowDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AnyAsync(u => u.Id == id, ct);
    }

    public static Task<bool> AnyAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AnyAsync(ct);
    }

    /// <summary>The units with the given ids (units not found are left out).</summary>
    public static Task<Dictionary<Guid, Unit>> ManyAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
    }

    /// <summary>The names of the units with the given ids.</summary>
    public static Task<Dictionary<Guid, string>> NamesAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
    }

    /// <summary>The supervising unit of each of the given units that has one.</summary>
    public static Task<Dictionary<Guid, Guid>> SupervisorsAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => ids.Contains(u.Id) && u.SupervisingUnitId != null).ToDictionaryAsync(u => u.Id, u => u.SupervisingUnitId!.Value, ct);
    }

    /// <summary>The division a unit serves, or null when there is no such unit.</summary>
    public static Task<string?> DivisionOfAsync(OneWindowDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => u.Id == id).Select(u => u.DivisionCode).FirstOrDefaultAsync(ct);
    }

    /// <summary>The units of the given departments at the given divisions.</summary>
    public static Task<List<Unit>> OfDepartmentsAtAsync(OneWindowDb db, IReadOnlyCollection<DepartmentKind> departments, IReadOnlyCollection<string> divisions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => departments.Contains(u.Department) && divisions.Contains(u.DivisionCode)).ToListAsync(ct);
    }

    /// <summary>The units of the given kinds whose division code starts with <paramref name="divisionPrefix"/>.</summary>
    public static Task<List<Unit>> OfKindsUnderAsync(OneWindowDb db, IReadOnlyCollection<UnitKind> kinds, string divisionPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => kinds.Contains(u.Kind) && u.DivisionCode.StartsWith(divisionPrefix)).ToListAsync(ct);
    }

    /// <summary>Adds units to <paramref name="db"/>'s unit of work; they are written by its next save.</summary>
    public static void Add(OneWindowDb db, IEnumerable<Unit> units)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Units.AddRange(units);
    }

    /// <summary>The units whose division lies in a subtree (by its code prefix), with their names.</summary>
    public static Task<Dictionary<Guid, string>> InSubtreeAsync(OneWindowDb db, string divisionPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.AsNoTracking().Where(u => u.DivisionCode.StartsWith(divisionPrefix)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
    }
}
