using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Ratings;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>差评整改: the rectifications of the unit, of the units below it on its supervising line, and those escalated to it — open first, by due date.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class RectificationsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public RatingViews.RectificationPage? List { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await RatingViews.RectificationsAsync((await CurrentAccount.GetAsync(User, users))!, Open, Math.Clamp(PageNumber, 1, Paging.MaxPage), 20, db, clock, ct);
        if (!list.Succeeded)
        {
            return Forbid();
        }
        List = list.Value;
        return Page();
    }
}
