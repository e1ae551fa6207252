using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Common;
using OneWindow.Ratings;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>One rectification: the 差评 and its comment, the finding, the callback, the fix — each step through the same verbs as the API.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class RectificationModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public RatingViews.RectificationView? Case { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostVerifyAsync(Guid id, string? finding, CancellationToken ct) =>
        StepAsync(id, actor => Rectifications.VerifyAsync(actor, id, new(finding), db, clock, ct), Ui.T("核实情况已记录。"), ct);

    public Task<IActionResult> OnPostCallbackAsync(Guid id, DateOnly? calledBackOn, string? outcome, int? renewedLevel, CancellationToken ct) =>
        StepAsync(id, actor => Rectifications.CallBackAsync(actor, id, new(calledBackOn, outcome, renewedLevel), db, clock, ct), Ui.T("回访已记录。"), ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? fix, int version, CancellationToken ct) =>
        StepAsync(id, actor => Rectifications.CloseAsync(actor, id, new(fix, version), db, clock, ct), Ui.T("整改已办结。"), ct);

    private async Task<IActionResult> StepAsync(Guid id, Func<OneWindow.Identity.Account, Task<Outcome<Rectification>>> step, string done, CancellationToken ct)
    {
        var outcome = await step((await CurrentAccount.GetAsync(User, users))!);
        db.ChangeTracker.Clear();
        if (outcome.Failure is Missing)
        {
            return NotFound();
        }
        Errors = outcome.Succeeded ? Errors : outcome.Failure!.AsFieldErrors("rectification");
        Notice = outcome.Succeeded ? done : null;
        ViewData["FieldLabels"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["finding"] = Ui.T("核实情况"), ["calledBackOn"] = Ui.T("回访日期"), ["outcome"] = Ui.T("回访结果"), ["renewedLevel"] = Ui.T("回访后的评价"), ["fix"] = Ui.T("整改措施"),
            ["rectification"] = Ui.T("差评整改"),
        };
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Case = (await RatingViews.RectificationAsync((await CurrentAccount.GetAsync(User, users))!, id, db, clock, ct)).Value;
        return Case is not null;
    }
}
