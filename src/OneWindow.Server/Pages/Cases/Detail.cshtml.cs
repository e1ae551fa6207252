using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Server.Applications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Cases;

/// <summary>
/// One case for its applicant: the confirmation after submitting (reference number, every department, due
/// date), each task's state and result, the timeline, supplements to answer, materials to upload, and on
/// completion what the one form saved.
/// </summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class DetailModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, CaseViews views, CaseMaterials materials,
    OneWindow.Calendar.CalendarCache calendars, TimeProvider clock, OneWindow.Ratings.RatingServices ratings) : PageModel
{
    public CaseEndpoints.CaseView? Case { get; private set; }

    public IReadOnlyDictionary<string, ServiceItem> Items { get; private set; } = new Dictionary<string, ServiceItem>();

    public IReadOnlyList<ApplicationMaterial> Materials { get; private set; } = [];

    /// <summary>The names of the shared data items, when the case used a consent.</summary>
    public IReadOnlyDictionary<string, string> SharedItems { get; private set; } = new Dictionary<string, string>();

    /// <summary>The supplement's answers as posted (<c>Values[name]</c>), shown again when they are refused.</summary>
    public Dictionary<string, string> Values { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    /// <summary>The applicant's ratings of this case per stage (好差评), and whether each stage can be rated yet.</summary>
    public OneWindow.Ratings.RatingViews.ApplicantView? Ratings { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool submitted, bool duplicate, CancellationToken ct)
    {
        Notice = submitted ? Ui.T("申请已提交。")
            : duplicate ? Ui.T("您已有相同的办件正在办理，以下是该办件。")
            : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, Guid taskId, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        Values = FieldInput.Posted(Request.Form, "Values");
        var fields = Values;
        var outcome = await AnswerSupplement.HandleAsync(actor, id, taskId, new AnswerSupplement.Request(fields), db, calendars, clock, ct);
        return await AfterAsync(id, outcome.Succeeded ? null : outcome.Failure!.AsFieldErrors("answer"), Ui.T("补正材料已提交。"), ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string itemCode, string materialCode, IFormFile? file, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        if (file is null)
        {
            return await AfterAsync(id, new Dictionary<string, string[]> { ["file"] = [Ui.T("请选择文件")] }, null, ct);
        }
        await using var content = file.OpenReadStream();
        var outcome = await materials.UploadAsync(actor, id, itemCode, materialCode, file.FileName, file.ContentType, content, ct);
        return await AfterAsync(id, outcome.Succeeded ? null : outcome.Failure!.AsFieldErrors("file"), Ui.T("材料已上传。"), ct);
    }

    public async Task<IActionResult> OnPostRateAsync(Guid id, bool revise, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var request = OneWindow.Server.Ratings.RatingForm.Read(Request.Form);
        var outcome = await OneWindow.Ratings.RateApplication.ByApplicantAsync(actor, id, request, revise, db, ratings, ct);
        ViewData["FieldLabels"] = OneWindow.Server.Ratings.RatingForm.Labels(await OneWindow.Ratings.IndicatorSets.InForceAsync(db, OneWindow.Ratings.IndicatorScope.Online, ratings.Today, ct));
        return await AfterAsync(id, outcome.Succeeded ? null : outcome.Failure!.AsFieldErrors("rating"), Ui.T("感谢您的评价。"), ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, IReadOnlyDictionary<string, string[]>? errors, string? done, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Errors = errors ?? new Dictionary<string, string[]>();
        Notice = errors is null ? done : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var found = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.ApplicantId == actor.Id, ct);
        if (found is null)
        {
            return false;
        }
        Case = (await views.OfAsync([found], ct))[0];
        var codes = found.Tasks.Select(t => t.ItemCode).ToList();
        Items = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        Materials = (await materials.ListAsync(actor, id, ct)).Value ?? [];
        Ratings = (await OneWindow.Ratings.RatingViews.ForApplicantAsync(actor, id, db, ratings, ct)).Value;
        if (found.ConsentId is not null)
        {
            SharedItems = await OneWindow.Server.DataSharing.SharedItemNames.LoadAsync(db, ct);
        }
        return true;
    }
}
