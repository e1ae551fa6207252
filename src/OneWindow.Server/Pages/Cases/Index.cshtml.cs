using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Server.Applications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Cases;

/// <summary>"My applications": the applicant's cases, newest first, and the bundles they may apply for.</summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, CaseViews views) : PageModel
{
    public IReadOnlyList<CaseEndpoints.CaseView> Cases { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Offered { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var mine = await db.Applications.AsNoTracking().Where(a => a.ApplicantId == actor.Id).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        Cases = await views.OfAsync(mine, ct);
        var kind = ApplicantAudience.KindOf(actor)!.Value;
        Offered = [.. (await db.Bundles.AsNoTracking().Where(b => b.Audience.Contains(kind)).OrderBy(b => b.Code).ToListAsync(ct))
            .Select(b => (b.Code, Ui.English ? b.NameEn : b.Name))];
    }
}
