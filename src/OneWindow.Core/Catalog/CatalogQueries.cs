using Microsoft.EntityFrameworkCore;
using OneWindow.Divisions;

namespace OneWindow.Catalog;

/// <summary>
/// How other modules read the catalog: its tables belong to Catalog, and no other module touches them
/// directly (the architecture test <c>ModuleTableTests</c> holds that). Reads are untracked.
/// </summary>
public static class CatalogQueries
{
    public static Task<ServiceItem?> ItemAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
    }

    /// <summary>The items with the given codes (codes not found are left out).</summary>
    public static Task<Dictionary<string, ServiceItem>> ItemsAsync(OneWindowDb db, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);
    }

    /// <summary>The names of the items with the given codes.</summary>
    public static Task<Dictionary<string, string>> ItemNamesAsync(OneWindowDb db, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Name, StringComparer.Ordinal, ct);
    }

    public static Task<List<ServiceItem>> AllItemsAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceItems.AsNoTracking().ToListAsync(ct);
    }

    public static Task<bool> AnyItemAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ServiceItems.AnyAsync(ct);
    }

    /// <summary>Every (department, division level) pair some item is handled at.</summary>
    public static async Task<List<(DepartmentKind Department, DivisionLevel Level)>> HandlingLevelsAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pairs = await db.ServiceItems.AsNoTracking().Select(i => new { i.Department, i.Level }).Distinct().ToListAsync(ct);
        return [.. pairs.Select(p => (p.Department, p.Level))];
    }

    public static Task<Bundle?> BundleAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code, ct);
    }
}
