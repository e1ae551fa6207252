using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Workbench;

/// <summary>
/// One task for the staff of its unit: the shared form's values for this item, what earlier items returned,
/// the materials given, the timeline, and the actions the task's state allows — accept, ask for a
/// supplement, approve with the item's declared results, refuse with a reason, hand over a document or card.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class TaskModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, CaseMaterials materials, OneWindow.Calendar.CalendarCache calendars, ApprovalSequencer approvals, OneWindow.DataSharing.SharedDataServices sharing, TimeProvider clock) : PageModel
{
    public Application? Case { get; private set; }

    public ApplicationTask? Current { get; private set; }

    public ServiceItem? Item { get; private set; }

    public IReadOnlyDictionary<string, ServiceItem> Earlier { get; private set; } = new Dictionary<string, ServiceItem>();

    public string ApplicantName { get; private set; } = "";

    public IReadOnlyList<ApplicationMaterial> Materials { get; private set; } = [];

    /// <summary>The names of the shared data items, when the case used a consent.</summary>
    public IReadOnlyDictionary<string, string> SharedItems { get; private set; } = new Dictionary<string, string>();

    /// <summary>The declared results as posted (<c>Result[name]</c>), shown again when they are refused.</summary>
    public Dictionary<string, string> Result { get; private set; } = [];

    [BindProperty]
    public List<string> SupplementFields { get; set; } = [];

    [BindProperty]
    public List<string> SupplementMaterials { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Carrier { get; set; }

    [BindProperty]
    public string? TrackingNumber { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid caseId, Guid taskId, CancellationToken ct) => await LoadAsync(caseId, taskId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcceptAsync(Guid caseId, Guid taskId, CancellationToken ct) =>
        ActAsync(caseId, taskId, actor => AcceptTask.HandleAsync(actor, caseId, taskId, db, clock, ct), Ui.T("已受理。"), ct);

    public Task<IActionResult> OnPostSupplementAsync(Guid caseId, Guid taskId, CancellationToken ct) =>
        ActAsync(caseId, taskId, actor => RequestSupplement.HandleAsync(actor, caseId, taskId, new RequestSupplement.Request(SupplementFields, SupplementMaterials, Note), db, clock, ct),
            Ui.T("已通知申请人补正。"), ct);

    public Task<IActionResult> OnPostApproveAsync(Guid caseId, Guid taskId, CancellationToken ct)
    {
        Result = FieldInput.Posted(Request.Form, "Result");
        return ActAsync(caseId, taskId, actor => DecideTask.HandleAsync(actor, caseId, taskId, new DecideTask.Request(true, Result, null), db, calendars, approvals, clock, ct, sharing),
            Ui.T("已办结。"), ct);
    }

    public Task<IActionResult> OnPostRefuseAsync(Guid caseId, Guid taskId, CancellationToken ct) =>
        ActAsync(caseId, taskId, actor => DecideTask.HandleAsync(actor, caseId, taskId, new DecideTask.Request(false, null, Note), db, calendars, approvals, clock, ct),
            Ui.T("已作不予办理决定。"), ct);

    public Task<IActionResult> OnPostHandoverAsync(Guid caseId, Guid taskId, string step, CancellationToken ct) =>
        ActAsync(caseId, taskId, actor => HandOverResult.HandleAsync(actor, caseId, taskId,
            new HandOverResult.Request(EnumText.TryParse<Handover>(step, out var parsed) ? parsed : null, Carrier, TrackingNumber), db, clock, ct),
            Ui.T("已记录。"), ct);

    private async Task<IActionResult> ActAsync(Guid caseId, Guid taskId, Func<OneWindow.Identity.Account, Task<Outcome<Application>>> act, string done, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await act(actor);
        db.ChangeTracker.Clear();
        if (outcome.Failure is Missing)
        {
            return NotFound();
        }
        Errors = outcome.Succeeded ? new Dictionary<string, string[]>() : outcome.Failure!.AsFieldErrors("task");
        Notice = outcome.Succeeded ? done : null;
        return await LoadAsync(caseId, taskId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid caseId, Guid taskId, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        Case = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == caseId, ct);
        Current = Case?.Task(taskId);
        if (Current is null || actor.UnitId is null || (Current.UnitId != actor.UnitId && Current.EscalatedToUnitId != actor.UnitId))
        {
            return false;
        }
        var codes = Current.Inputs.Keys.Append(Current.ItemCode).ToList();
        var items = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        Item = items[Current.ItemCode];
        Earlier = items;
        ApplicantName = await db.Users.AsNoTracking().Where(u => u.Id == Case!.ApplicantId).Select(u => u.OrganisationName ?? u.RealName).FirstAsync(ct);
        Materials = [.. ((await materials.ListAsync(actor, caseId, ct)).Value ?? []).Where(m => m.ItemCode == Current.ItemCode)];
        if (Case!.ConsentId is not null)
        {
            SharedItems = await OneWindow.Server.DataSharing.SharedItemNames.LoadAsync(db, ct);
        }
        return true;
    }
}
