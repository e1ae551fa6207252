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
        var rows = await db.CertificateApplications.AsNoTracking()
            .Where(a => a.UnitId == actor!.UnitId && a.Status == ApplicationStatus.Submitted)
            .Join(db.Users.AsNoTracking(), a => a.ApplicantId, u => u.Id, (a, u) => new { a, u.RealName })
            .OrderBy(x => x.a.Id).Take(100).ToListAsync(ct);
        Pending = [.. rows.Select(r => (r.a, r.RealName))];
    }
}
