using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;

namespace OneWindow.Server.Pages.Catalog;

/// <summary>The catalog, browsable by anyone: bundles first, then items, searchable and paged.</summary>
public sealed class IndexModel(OneWindowDb db) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ServiceItem> Items { get; private set; } = [];

    public IReadOnlyList<Bundle> Bundles { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = db.ServiceItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            if (term.Length > 50)
            {
                term = term[..50];
            }
            // The name, the English name and the description, for the term and the catalog's words for it (生孩子 → 出生).
            var terms = CommonWords.Expand(term);
            var lower = term.ToLower(System.Globalization.CultureInfo.InvariantCulture);
            var t0 = terms[0];
            var t1 = terms.ElementAtOrDefault(1) ?? t0;
            var t2 = terms.ElementAtOrDefault(2) ?? t0;
            var t3 = terms.ElementAtOrDefault(3) ?? t0;
            query = query.Where(i => i.NameEn.ToLower().Contains(lower)
                || i.Name.Contains(t0) || i.Name.Contains(t1) || i.Name.Contains(t2) || i.Name.Contains(t3)
                || i.Description.Contains(t0) || i.Description.Contains(t1) || i.Description.Contains(t2) || i.Description.Contains(t3));
            Bundles = await db.Bundles.AsNoTracking()
                .Where(b => b.NameEn.ToLower().Contains(lower)
                    || b.Name.Contains(t0) || b.Name.Contains(t1) || b.Name.Contains(t2) || b.Name.Contains(t3)
                    || b.Description.Contains(t0) || b.Description.Contains(t1) || b.Description.Contains(t2) || b.Description.Contains(t3))
                .OrderBy(b => b.Batch).ThenBy(b => b.Code).ToListAsync(ct);
        }
        else
        {
            Bundles = await db.Bundles.AsNoTracking().OrderBy(b => b.Batch).ThenBy(b => b.Code).ToListAsync(ct);
        }
        Total = await query.CountAsync(ct);
        Items = await query.OrderBy(i => i.Code).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }
}
