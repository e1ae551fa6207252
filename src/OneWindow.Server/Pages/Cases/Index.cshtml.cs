using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Server.Applications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Cases;

/// <summary>"My applications": the applicant's cases, newest first, their saved drafts, and the bundles they may apply for.</summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, CaseViews views, OneWindow.Applications.Drafts.Drafts drafts,
    OneWindow.Federation.FederationServices federation) : PageModel
{
    public IReadOnlyList<CaseEndpoints.CaseView> Cases { get; private set; } = [];

    /// <summary>Cases forwarded to other regions' platforms (跨省通办), followed here.</summary>
    public IReadOnlyList<OneWindow.Server.Federation.FederationEndpoints.ForwardedView> Forwarded { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Offered { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name, DateTimeOffset SavedAt)> Drafts { get; private set; } = [];

    /// <summary>Discards a draft, then shows the page again.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnPostDiscardAsync(string code, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        await drafts.DiscardAsync(actor, code, ct);
        return RedirectToPage();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var mine = await db.Applications.AsNoTracking().Where(a => a.ApplicantId == actor.Id).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        Cases = await views.OfAsync(mine, ct);
        Forwarded = await OneWindow.Server.Federation.FederationEndpoints.ViewsAsync(db, await OneWindow.Federation.ForwardApplication.MineAsync(db, actor.Id, 50, ct), federation, withReport: false, ct);
        var kept = await drafts.ListAsync(actor, ct);
        var codes = kept.Select(d => d.Code).ToList();
        var names = (await db.Bundles.AsNoTracking().Where(b => codes.Contains(b.Code)).Select(b => new { b.Code, b.Name, b.NameEn }).ToListAsync(ct))
            .Concat(await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Name, i.NameEn }).ToListAsync(ct))
            .ToDictionary(n => n.Code, n => Ui.English ? n.NameEn : n.Name, StringComparer.Ordinal);
        Drafts = [.. kept.Where(d => names.ContainsKey(d.Code)).Select(d => (d.Code, names[d.Code], d.SavedAt))];
        var kind = ApplicantAudience.KindOf(actor)!.Value;
        Offered = [.. (await db.Bundles.AsNoTracking().Where(b => b.Audience.Contains(kind)).OrderBy(b => b.Code).ToListAsync(ct))
            .Select(b => (b.Code, Ui.English ? b.NameEn : b.Name))];
    }
}
