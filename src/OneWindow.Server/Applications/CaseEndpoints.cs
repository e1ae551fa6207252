using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Applications;

/// <summary>
/// Applications of the engine (办件, "cases"): one form for a bundle or an item, planned into tasks for
/// the competent units. An applicant sees their own cases; staff see the cases with a task in their unit.
/// </summary>
public static class CaseEndpoints
{
    public sealed record TaskView(Guid Id, string ItemCode, string ItemName, Guid UnitId, string UnitName, TaskState State, IReadOnlyList<string> Requires, DateOnly? DueDate, string? Reason,
        IReadOnlyList<string> SupplementFields, IReadOnlyList<string> SupplementMaterials, IReadOnlyDictionary<string, string> Result,
        bool Physical, Handover Handover, string? Carrier, string? TrackingNumber)
    {
        /// <summary>The task is in its unit's hands but its due date waits for next year's official calendar.</summary>
        public bool DueDatePending => DueDate is null && State is TaskState.Queued or TaskState.Accepted or TaskState.SupplementRequested;
    }

    /// <param name="FiledBy">The clerk who filed the case for its applicant (proxy filing), by name; null when the applicant filed it.</param>
    public sealed record CaseView(Guid Id, string? BundleCode, string? ItemCode, string Name, ApplicationState State, DateTimeOffset SubmittedAt, DateOnly? DueDate,
        IReadOnlyList<string> Departments, IReadOnlyDictionary<string, string> Form, IReadOnlyList<TaskView> Tasks, IReadOnlyList<ApplicationEvent> History,
        Channel Channel, string? FiledBy, DeliveryMethod Delivery, string? DeliveryAddress, CaseMeasures? Measures,
        Guid? ConsentId = null, IReadOnlyDictionary<string, string>? Prefilled = null)
    {
        /// <summary>The case's promised date waits for next year's official calendar (shown as "pending calendar").</summary>
        public bool DueDatePending => DueDate is null && State == ApplicationState.InProgress;
    }

    /// <summary>A field of shared data, as the person sees it named.</summary>
    public sealed record DataFieldView(string Name, string Label);

    /// <summary>A material that would not be asked for.</summary>
    public sealed record SavedMaterialView(string ItemCode, string ItemName, string MaterialCode, string Name);

    /// <summary>One read the person is asked to agree to: which data, from which department, read by which unit, for which answers and materials.</summary>
    public sealed record SourceView(string Item, string ItemName, string Department, Guid UnitId, string UnitName, IReadOnlyList<DataFieldView> Fields,
        IReadOnlyList<DataFieldView> FormFields, IReadOnlyList<SavedMaterialView> Materials);

    public sealed record PrefillPreviewView(string Purpose, IReadOnlyList<SourceView> Sources);

    /// <param name="ValueSources">For each answer filled, the shared data item it came from.</param>
    public sealed record PrefillView(Guid ConsentId, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> ValueSources,
        string Purpose, IReadOnlyList<SourceView> Sources, IReadOnlyList<string> NotOnRecord);

    public static SourceView View(PrefillForm.Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SourceView(source.Item, Ui.English ? source.ItemNameEn : source.ItemName, Ui.Department(source.Owner), source.UnitId, source.UnitName,
            [.. source.Fields.Select(f => new DataFieldView(f.Name, Ui.English ? f.LabelEn : f.Label))],
            [.. source.FormFields.Select(f => new DataFieldView(f.Name, Ui.English ? f.LabelEn : f.Label))],
            [.. source.Materials.Select(m => new SavedMaterialView(m.ItemCode, Ui.English ? m.ItemNameEn : m.ItemName, m.Material.Code, Ui.English ? m.Material.NameEn : m.Material.Name))]);
    }

    public static void MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").RequireAuthorization().WithTags("Cases");
        cases.MapPost("/", SubmitAsync);
        // Once-only: see what shared data could fill the form (reads nothing), then agree (reads it, returns the answers and a consent to submit with).
        cases.MapPost("/prefill/preview", async Task<Results<Ok<PrefillPreviewView>, ProblemHttpResult>> (PrefillForm.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            SubmissionReferences references, OneWindow.DataSharing.OnceOnly onceOnly, CancellationToken ct) =>
        {
            var outcome = await PrefillForm.PreviewAsync((await CurrentAccount.GetAsync(user, users))!, body, db, references, onceOnly, ct);
            return outcome.Succeeded ? TypedResults.Ok(new PrefillPreviewView(outcome.Value!.Purpose, [.. outcome.Value.Sources.Select(View)])) : Problems.From(outcome.Failure!);
        });
        cases.MapPost("/prefill", async Task<Results<Ok<PrefillView>, ProblemHttpResult>> (PrefillForm.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            SubmissionReferences references, OneWindow.DataSharing.OnceOnly onceOnly, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await PrefillForm.ConsentAsync((await CurrentAccount.GetAsync(user, users))!, body, db, references, onceOnly, clock, ct);
            if (!outcome.Succeeded)
            {
                return Problems.From(outcome.Failure!);
            }
            var filled = outcome.Value!;
            return TypedResults.Ok(new PrefillView(filled.ConsentId, filled.ExpiresAt, filled.Values, filled.ValueSources, filled.Used.Purpose, [.. filled.Used.Sources.Select(View)], filled.NotOnRecord));
        });
        cases.MapGet("/", ListAsync);
        cases.MapGet("/{id:guid}", GetAsync);
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/accept", (Guid id, Guid taskId, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, TimeProvider clock, CancellationToken ct) =>
            ActAsync(user, users, views, actor => AcceptTask.HandleAsync(actor, id, taskId, db, clock, ct), ct))
            .RequireAuthorization(OneWindow.Server.Departments.DepartmentClients.TaskWorkPolicy);
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/supplement", (Guid id, Guid taskId, RequestSupplement.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, TimeProvider clock, CancellationToken ct) =>
            ActAsync(user, users, views, actor => RequestSupplement.HandleAsync(actor, id, taskId, body, db, clock, ct), ct))
            .RequireAuthorization(OneWindow.Server.Departments.DepartmentClients.TaskWorkPolicy);
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/answer", (Guid id, Guid taskId, AnswerSupplement.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, OneWindow.Calendar.CalendarCache calendars, TimeProvider clock, CancellationToken ct) =>
            ActAsync(user, users, views, actor => AnswerSupplement.HandleAsync(actor, id, taskId, body, db, calendars, clock, ct), ct));
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/decision", (Guid id, Guid taskId, DecideTask.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, OneWindow.Calendar.CalendarCache calendars, ApprovalSequencer approvals, OneWindow.DataSharing.SharedDataServices sharing, TimeProvider clock, CancellationToken ct) =>
            ActAsync(user, users, views, actor => DecideTask.HandleAsync(actor, id, taskId, body, db, calendars, approvals, clock, ct, sharing), ct))
            .RequireAuthorization(OneWindow.Server.Departments.DepartmentClients.TaskWorkPolicy);
        cases.MapPost("/{id:guid}/tasks/{taskId:guid}/handover", (Guid id, Guid taskId, HandOverResult.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, TimeProvider clock, CancellationToken ct) =>
            ActAsync(user, users, views, actor => HandOverResult.HandleAsync(actor, id, taskId, body, db, clock, ct), ct))
            .RequireAuthorization(OneWindow.Server.Departments.DepartmentClients.TaskWorkPolicy);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> ActAsync(ClaimsPrincipal user, UserManager<Account> users, CaseViews views, Func<Account, Task<Outcome<Application>>> act, CancellationToken ct)
    {
        var outcome = await act((await CurrentAccount.GetAsync(user, users))!);
        return outcome.Succeeded ? TypedResults.Ok((await views.OfAsync([outcome.Value!], ct))[0]) : Problems.From(outcome.Failure!);
    }

    /// <summary>An <c>Idempotency-Key</c> header makes a retried submission return the first case (with <c>Idempotent-Replayed: true</c>).</summary>
    /// <remarks>A resident's matter in a village of a region another platform serves is forwarded there (跨省通办): 202 with the case here to follow.</remarks>
    private static async Task<Results<Created<CaseView>, Accepted<OneWindow.Server.Federation.FederationEndpoints.ForwardedView>, ProblemHttpResult>> SubmitAsync(SubmitApplication.Request body, HttpContext http, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views,
        SubmitApplication.Services submissions, OneWindow.Federation.FederationServices federation, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var key = http.Request.Headers.TryGetValue("Idempotency-Key", out var header) ? header.ToString() : null;
        if (actor.Kind != AccountKind.Staff && federation.Options.PeerFor(body.DivisionCode?.Trim()) is { } peer)
        {
            var forwarded = await OneWindow.Federation.ForwardApplication.HandleAsync(actor, body, key, peer, db, federation, ct);
            if (!forwarded.Succeeded)
            {
                return Problems.From(forwarded.Failure!);
            }
            if (forwarded.Value!.Replayed)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
            }
            var view = (await OneWindow.Server.Federation.FederationEndpoints.ViewsAsync(db, [forwarded.Value.Case], federation, withReport: false, ct))[0];
            return TypedResults.Accepted($"/api/me/forwarded/{view.Id}", view);
        }
        var outcome = await SubmitApplication.HandleAsync(actor, body, key, db, submissions, ct);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome.Failure!);
        }
        var (submitted, replayed) = outcome.Value!;
        if (replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }
        return TypedResults.Created($"/api/cases/{submitted.Id}", (await views.OfAsync([submitted], ct, justSubmitted: !replayed))[0]);
    }

    private static async Task<Results<Ok<PagedList<CaseView>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var errors = new FieldErrors();
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        var query = Visible(db, actor);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<CaseView>(await views.OfAsync(rows, ct), page, pageSize, total));
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CaseViews views, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var found = await Visible(db, actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        return found is null ? Problems.From(new Missing("Case")) : TypedResults.Ok((await views.OfAsync([found], ct))[0]);
    }

    /// <summary>An applicant's (resident's or organisation's) own cases; a staff member's unit's (a case with a task there, or one escalated to it) and those they filed for someone; nothing else.</summary>
    private static IQueryable<Application> Visible(OneWindowDb db, Account actor)
    {
        var query = db.Applications.AsNoTracking();
        return actor.Kind != AccountKind.Staff
            ? query.Where(a => a.ApplicantId == actor.Id)
            : actor.UnitId is { } unit ? query.Where(a => a.FiledById == actor.Id || a.Tasks.Any(t => t.UnitId == unit || t.EscalatedToUnitId == unit)) : query.Where(a => false);
    }
}
