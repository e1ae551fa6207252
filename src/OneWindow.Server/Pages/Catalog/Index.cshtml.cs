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
            query = query.Where(i => i.Name.Contains(term) || i.NameEn.ToLower().Contains(term.ToLower()));
        }
        Total = await query.CountAsync(ct);
        Items = await query.OrderBy(i => i.Code).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Bundles = await db.Bundles.AsNoTracking().OrderBy(b => b.Batch).ThenBy(b => b.Code).ToListAsync(ct);
    }
}
