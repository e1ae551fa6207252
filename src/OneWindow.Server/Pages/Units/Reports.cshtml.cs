using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;
using OneWindow.Unresolved;

namespace OneWindow.Server.Pages.Units;

/// <summary>办不成事反映 for the level in charge: the reports its supervisors and admins answer, open first by due date, with their ages.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class ReportsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public UnresolvedReports.Page? List { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await UnresolvedReports.ForStaffAsync((await CurrentAccount.GetAsync(User, users))!, Open, Math.Clamp(PageNumber, 1, Paging.MaxPage), db, clock, ct);
        if (!list.Succeeded)
        {
            return Forbid();
        }
        List = list.Value;
        return Page();
    }
}
