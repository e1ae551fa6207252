using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Catalog;

/// <summary>
/// Creates or replaces one item or bundle after validating it against the rest of the catalog: an
/// item edit may not break a bundle that maps onto its fields.
/// </summary>
public static class EditCatalog
{
    public static async Task<Outcome<ServiceItem>> SaveItemAsync(string code, ItemDocument document, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        if (document is null)
        {
            return ValidationFailed.Single("body", Texts.T("an item document is required"));
        }
        if (document.Code != code)
        {
            return ValidationFailed.Single("code", Texts.T("the document's code {0} differs from the address's {1}", document.Code, code));
        }
        var errors = new FieldErrors();
        CatalogDocument.CheckItem(document, "item", errors);
        if (!errors.Any)
        {
            // Re-check every bundle that contains this item with the edited definition.
            var known = (await db.ServiceItems.AsNoTracking().ToListAsync(ct)).Select(ItemDocument.From).ToDictionary(i => i.Code, StringComparer.Ordinal);
            known[code] = document;
            var bundles = await db.Bundles.AsNoTracking().ToListAsync(ct);
            foreach (var bundle in bundles.Where(b => b.Items.Contains(code)))
            {
                CatalogDocument.CheckBundle(BundleDocument.From(bundle), $"bundle {bundle.Code}", known, errors);
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Code == code, ct);
        if (item is null)
        {
            db.ServiceItems.Add(item = document.ToEntity());
        }
        else
        {
            document.ApplyTo(item);
        }
        item.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return item;
    }

    public static async Task<Outcome<Bundle>> SaveBundleAsync(string code, BundleDocument document, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        if (document is null)
        {
            return ValidationFailed.Single("body", Texts.T("a bundle document is required"));
        }
        if (document.Code != code)
        {
            return ValidationFailed.Single("code", Texts.T("the document's code {0} differs from the address's {1}", document.Code, code));
        }
        var known = (await db.ServiceItems.AsNoTracking().ToListAsync(ct)).Select(ItemDocument.From).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var errors = new FieldErrors();
        CatalogDocument.CheckBundle(document, "bundle", known, errors);
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var bundle = await db.Bundles.FirstOrDefaultAsync(b => b.Code == code, ct);
        if (bundle is null)
        {
            db.Bundles.Add(bundle = document.ToEntity());
        }
        else
        {
            document.ApplyTo(bundle);
        }
        bundle.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return bundle;
    }
}
