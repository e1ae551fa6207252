using Microsoft.EntityFrameworkCore;

namespace OneWindow.Catalog;

/// <summary>Imports a validated catalog document: items and bundles are created or replaced by code.</summary>
public static class ImportCatalog
{
    public sealed record Result(int Items, int Bundles);

    public static async Task<Result> HandleAsync(OneWindowDb db, CatalogDocument document, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var itemCodes = document.Items.Select(i => i.Code).ToList();
        var bundleCodes = document.Bundles.Select(b => b.Code).ToList();
        var items = await db.ServiceItems.Where(i => itemCodes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        var bundles = await db.Bundles.Where(b => bundleCodes.Contains(b.Code)).ToDictionaryAsync(b => b.Code, ct);
        foreach (var doc in document.Items)
        {
            if (items.TryGetValue(doc.Code, out var item))
            {
                doc.ApplyTo(item);
            }
            else
            {
                db.ServiceItems.Add(item = doc.ToEntity());
            }
            item.UpdatedAt = now;
        }
        foreach (var doc in document.Bundles)
        {
            if (bundles.TryGetValue(doc.Code, out var bundle))
            {
                doc.ApplyTo(bundle);
            }
            else
            {
                db.Bundles.Add(bundle = doc.ToEntity());
            }
            bundle.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return new Result(document.Items.Count, document.Bundles.Count);
    }

    /// <summary>
    /// Validates a document against the catalog it would join: bundles may name items already stored.
    /// </summary>
    public static async Task<Common.Outcome<CatalogDocument>> ValidateAgainstStoreAsync(OneWindowDb db, CatalogDocument document, CancellationToken ct)
    {
        var known = (await db.ServiceItems.AsNoTracking().ToListAsync(ct)).Select(ItemDocument.From).ToDictionary(i => i.Code, StringComparer.Ordinal);
        foreach (var item in document.Items)
        {
            known[item.Code] = item;
        }
        var errors = new Common.FieldErrors();
        document.Validate(errors, known);
        return errors.Any ? errors.ToFailure() : document;
    }

    public static async Task<CatalogDocument> ExportAsync(OneWindowDb db, CancellationToken ct)
    {
        var items = await db.ServiceItems.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        var bundles = await db.Bundles.AsNoTracking().OrderBy(b => b.Code).ToListAsync(ct);
        return new CatalogDocument([.. items.Select(ItemDocument.From)], [.. bundles.Select(BundleDocument.From)]);
    }
}
