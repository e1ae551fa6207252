using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;

namespace OneWindow.Server.Pages.Catalog;

/// <summary>One bundle: its items in an order that respects prerequisites.</summary>
public sealed class BundleModel(OneWindowDb db) : PageModel
{
    public Bundle? Bundle { get; private set; }

    public IReadOnlyDictionary<string, ServiceItem> Items { get; private set; } = new Dictionary<string, ServiceItem>();

    public IReadOnlyList<string> Order { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Bundle = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code, ct);
        if (Bundle is null)
        {
            return NotFound();
        }
        var codes = Bundle.Items;
        Items = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        Order = PrerequisiteGraph.Order(Bundle.Items, Bundle.Prerequisites);
        return Page();
    }
}
