using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Catalog;
using OneWindow.Identity;
using OneWindow.Storage;

namespace OneWindow.Certificates;

/// <summary>
/// What every batch of approvals reads and what rarely changes — the units' seals, which staff have a
/// registered signature, the units and the items — kept between batches under <see cref="TableWatch"/>:
/// registering, retiring or revoking a seal or a signature, or editing a unit or an item, is seen by the
/// next batch (in this process at once; on PostgreSQL from any process at once). Values are shared and
/// read-only.
/// </summary>
public sealed class IssuingReferences(TableWatch watch, TimeProvider clock, IOptions<CacheOptions> options)
{
    private readonly TableCache<Guid, Seal[]> _seals = new(watch, "seals", clock, options);
    private readonly TableCache<Guid, bool> _signers = new(watch, "signature_specimens", clock, options);
    private readonly TableCache<Guid, Unit> _units = new(watch, "units", clock, options);
    private readonly TableCache<string, ServiceItem> _items = new(watch, "service_items", clock, options);

    /// <summary>Each unit's registered seals that are not retired (whether one can sign now is the caller's check).</summary>
    public Task<Dictionary<Guid, Seal[]>> SealsAsync(OneWindowDb db, IReadOnlyCollection<Guid> unitIds, CancellationToken ct) =>
        _seals.GetManyAsync(unitIds, async wanted =>
        {
            var rows = await db.Seals.AsNoTracking().Where(s => wanted.Contains(s.UnitId) && s.Status == RegistrationStatus.Registered && s.RetiredAt == null).ToListAsync(ct);
            return wanted.ToDictionary(u => u, u => rows.Where(s => s.UnitId == u).ToArray());
        });

    /// <summary>Whether each account has a registered signature specimen.</summary>
    public Task<Dictionary<Guid, bool>> SignersAsync(OneWindowDb db, IReadOnlyCollection<Guid> accountIds, CancellationToken ct) =>
        _signers.GetManyAsync(accountIds, async wanted =>
        {
            var registered = (await db.SignatureSpecimens.AsNoTracking().Where(s => wanted.Contains(s.AccountId) && s.Status == RegistrationStatus.Registered).Select(s => s.AccountId).ToListAsync(ct)).ToHashSet();
            return wanted.ToDictionary(a => a, registered.Contains);
        });

    public Task<Dictionary<Guid, Unit>> UnitsAsync(OneWindowDb db, IReadOnlyCollection<Guid> unitIds, CancellationToken ct) =>
        _units.GetManyAsync(unitIds, wanted => UnitQueries.ManyAsync(db, wanted, ct));

    public Task<Dictionary<string, ServiceItem>> ItemsAsync(OneWindowDb db, IReadOnlyCollection<string> codes, CancellationToken ct) =>
        _items.GetManyAsync(codes, wanted => CatalogQueries.ItemsAsync(db, wanted, ct));
}
