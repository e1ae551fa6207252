using Microsoft.Extensions.Options;
using OneWindow.Catalog;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Storage;

namespace OneWindow.Applications;

/// <summary>
/// What every submission reads and what rarely changes — the bundle, its items, the division and the candidate units —
/// kept between requests under <see cref="TableWatch"/>: a catalog import or edit and a new or changed unit
/// are seen by the next submission (in this process at once; on PostgreSQL from any process at once).
/// Values are shared and read-only.
/// </summary>
public sealed class SubmissionReferences(TableWatch watch, TimeProvider clock, IOptions<CacheOptions> options)
{
    private readonly TableCache<string, Bundle?> _bundles = new(watch, "bundles", clock, options);
    private readonly TableCache<string, ServiceItem> _items = new(watch, "service_items", clock, options);
    private readonly TableCache<(DepartmentKind, string), RoutableUnit[]> _units = new(watch, "units", clock, options);
    private readonly TableCache<Guid, string> _unitNames = new(watch, "units", clock, options);
    private readonly TableCache<string, Division?> _divisions = new(watch, "divisions", clock, options);

    /// <summary>The division of a code as typed (normalised first), or null when there is none.</summary>
    public Task<Division?> DivisionAsync(OneWindowDb db, string? code, CancellationToken ct) =>
        Division.Normalize(code) is { } normalized
            ? _divisions.GetAsync(normalized, () => DivisionQueries.FindAsync(db, normalized, ct))
            : Task.FromResult<Division?>(null);

    /// <summary>The names of units by id (units not found are left out).</summary>
    public Task<Dictionary<Guid, string>> UnitNamesAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        _unitNames.GetManyAsync(ids, wanted => UnitQueries.NamesAsync(db, wanted, ct));

    public Task<Bundle?> BundleAsync(OneWindowDb db, string code, CancellationToken ct) =>
        _bundles.GetAsync(code, () => CatalogQueries.BundleAsync(db, code, ct));

    public Task<Dictionary<string, ServiceItem>> ItemsAsync(OneWindowDb db, IReadOnlyCollection<string> codes, CancellationToken ct) =>
        _items.GetManyAsync(codes, wanted => CatalogQueries.ItemsAsync(db, wanted, ct));

    /// <summary>The units of the given departments at the given divisions (the candidates <see cref="TaskRouter"/> chooses from).</summary>
    public async Task<List<RoutableUnit>> UnitsAsync(OneWindowDb db, IReadOnlyCollection<DepartmentKind> departments, IReadOnlyCollection<string> divisions, CancellationToken ct)
    {
        var found = new List<RoutableUnit>();
        var missing = false;
        foreach (var department in departments)
        {
            foreach (var division in divisions)
            {
                if (_units.TryGet((department, division), out var units))
                {
                    found.AddRange(units);
                }
                else
                {
                    missing = true;
                }
            }
        }
        if (!missing)
        {
            return found;
        }
        var version = _units.Version;
        var read = (await UnitQueries.OfDepartmentsAtAsync(db, departments, divisions, ct))
            .Select(u => new RoutableUnit(u.Id, u.Name, u.Department, u.DivisionCode)).ToList();
        foreach (var department in departments)
        {
            foreach (var division in divisions)
            {
                _units.Set((department, division), [.. read.Where(u => u.Department == department && u.DivisionCode == division)], version);
            }
        }
        return read;
    }
}
