using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataSharing;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>"My data log": every granted read of the records about the signed-in person or organisation, newest first.</summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class DataLogModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, SubjectKeys keys) : PageModel
{
    public const int PageSize = 20;

    public MyDataLog.Page? Log { get; private set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await MyDataLog.HandleAsync(actor, Math.Max(1, PageNumber), PageSize, db, keys, ct);
        if (!outcome.Succeeded)
        {
            return Forbid();
        }
        Log = outcome.Value;
        return Page();
    }
}
