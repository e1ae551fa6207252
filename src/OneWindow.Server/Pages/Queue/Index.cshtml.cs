using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Queue;

/// <summary>A reviewer's queue: the unit's submitted applications, to approve, refuse or return for a supplement.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, ReviewApplication review) : PageModel
{
    public IReadOnlyList<(CertificateApplication Application, string Applicant)> Pending { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The items applied for, so that the queue shows names and labels, not codes.</summary>
    public IReadOnlyDictionary<string, OneWindow.Catalog.ServiceItem> Items { get; private set; } = new Dictionary<string, OneWindow.Catalog.ServiceItem>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await DecideAsync(id, ReviewApplication.Decision.Approve, null, ct);

    public async Task<IActionResult> OnPostReturnAsync(Guid id, string? decision, string? reason, CancellationToken ct) =>
        await DecideAsync(id, decision == "refuse" ? ReviewApplication.Decision.Refuse : ReviewApplication.Decision.Supplement, reason, ct);

    private async Task<IActionResult> DecideAsync(Guid id, ReviewApplication.Decision decision, string? reason, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var outcome = await review.HandleAsync(actor!, id, decision, reason, ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage();
        }
        Errors = outcome.Failure!.AsFieldErrors("application");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var submitted = CertificateApplication.StatesOf(ApplicationStatus.Submitted);
        var rows = await (await CertificateApplication.VisibleToAsync(db, actor!, ct))
            .Where(a => a.Tasks.Any(t => t.UnitId == actor!.UnitId && submitted.Contains(t.State)))
            .OrderBy(a => a.Id).Take(100).ToListAsync(ct);
        var applications = await CertificateApplication.OfAsync(db, rows, ct);
        var applicantIds = applications.Select(a => a.ApplicantId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => applicantIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.RealName, ct);
        Pending = [.. applications.Select(a => (a, names.GetValueOrDefault(a.ApplicantId, "")))];
        Items = await OneWindow.Catalog.CatalogQueries.ItemsAsync(db, [.. applications.Select(a => a.ItemCode).Distinct()], ct);
    }
}
