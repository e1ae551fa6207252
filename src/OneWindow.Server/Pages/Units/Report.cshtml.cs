using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;
using OneWindow.Unresolved;

namespace OneWindow.Server.Pages.Units;

/// <summary>One 办不成事 report for the level in charge: whom to call back, what they tried, and the answer (once; of two at once one wins).</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class ReportModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public UnresolvedReports.View? Report { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, string? outcome, int version, CancellationToken ct)
    {
        var answered = await UnresolvedReports.ResolveAsync((await CurrentAccount.GetAsync(User, users))!, id, outcome, version, db, clock, ct);
        db.ChangeTracker.Clear();
        if (answered.Failure is OneWindow.Common.Missing)
        {
            return NotFound();
        }
        Errors = answered.Succeeded ? Errors : answered.Failure!.AsFieldErrors("report");
        Notice = answered.Succeeded ? Ui.T("答复已记录，反映人会收到通知。") : null;
        ViewData["FieldLabels"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = Ui.T("答复"), ["report"] = Ui.T("反映") };
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Report = (await UnresolvedReports.ForStaffAsync((await CurrentAccount.GetAsync(User, users))!, id, db, clock, ct)).Value;
        return Report is not null;
    }
}
