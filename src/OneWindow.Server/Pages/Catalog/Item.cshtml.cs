using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Catalog;

/// <summary>One service item: who handles it, how long it takes, what to bring and fill in.</summary>
public sealed class ItemModel(OneWindowDb db) : PageModel
{
    public ServiceItem? Item { get; private set; }

    public bool CanEdit => Claims.RolesOf(User).HasFlag(StaffRoles.PlatformAdmin);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        return Item is null ? NotFound() : Page();
    }
}
