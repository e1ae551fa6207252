using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A certificate application as the certificate counter shows it (申请): a case of the engine for one certificate
/// item, with its one task. Not stored on its own — read from the case, its task and the certificate the task
/// issued — so the counter and the engine are one flow with one history.
/// </summary>
public sealed record CertificateApplication(
    Guid Id, string ItemCode, Guid ApplicantId, Guid? FiledById, Channel Channel, string DivisionCode, Guid UnitId, Guid TaskId,
    IReadOnlyDictionary<string, string> Fields, ApplicationStatus Status, string? Reason, DateTimeOffset SubmittedAt, DateOnly? DueDate, int TimeLimitDays,
    Guid? ReviewerId, Guid? CertificateId)
{
    /// <summary>The due date waits for next year's official calendar (shown as "pending calendar").</summary>
    public bool DueDatePending => DueDate is null && Status is ApplicationStatus.Submitted or ApplicationStatus.SupplementRequested;

    /// <summary>The counter's view of a one-task case; <paramref name="certificateId"/> is what its task issued, if anything.</summary>
    public static CertificateApplication Of(Application application, Guid? certificateId)
    {
        ArgumentNullException.ThrowIfNull(application);
        var task = application.Tasks.Single();
        return new(application.Id, task.ItemCode, application.ApplicantId, application.FiledById, application.Channel, application.DivisionCode, task.UnitId, task.Id,
            task.Fields, StatusOf(task.State), task.Reason, application.SubmittedAt, task.DueDate ?? application.DueDate, task.TimeLimitDays, task.HandlerId, certificateId);
    }

    public static ApplicationStatus StatusOf(TaskState state) => state switch
    {
        TaskState.Waiting or TaskState.Queued or TaskState.Accepted => ApplicationStatus.Submitted,
        TaskState.SupplementRequested => ApplicationStatus.SupplementRequested,
        TaskState.Approved => ApplicationStatus.Approved,
        TaskState.Refused or TaskState.Cancelled => ApplicationStatus.Refused,
    };

    /// <summary>The task states a counter status stands for (a filter on the task rows).</summary>
    public static IReadOnlyList<TaskState> StatesOf(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => [TaskState.Waiting, TaskState.Queued, TaskState.Accepted],
        ApplicationStatus.SupplementRequested => [TaskState.SupplementRequested],
        ApplicationStatus.Approved => [TaskState.Approved],
        ApplicationStatus.Refused => [TaskState.Refused, TaskState.Cancelled],
    };

    /// <summary>Views of <paramref name="cases"/> (one-task cases), with the certificates their tasks issued, in one query.</summary>
    public static async Task<List<CertificateApplication>> OfAsync(OneWindowDb db, IReadOnlyList<Application> cases, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cases);
        var taskIds = cases.Select(c => c.Tasks.Single().Id).ToList();
        var issued = await CertificateQueries.IssuedForTasksAsync(db, taskIds, ct);
        return [.. cases.Select(c => Of(c, issued.TryGetValue(c.Tasks.Single().Id, out var id) ? id : null))];
    }

    /// <summary>The counter's applications (one-task cases of its items) that <paramref name="actor"/> may see: their own, or those at their unit.</summary>
    public static async Task<IQueryable<Application>> VisibleToAsync(OneWindowDb db, Account actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var codes = await ItemCodesAsync(db, ct);
        var query = db.Applications.AsNoTracking().Where(a => a.ItemCode != null && codes.Contains(a.ItemCode));
        return actor.Kind == AccountKind.Staff
            ? query.Where(a => a.Tasks.Any(t => t.UnitId == actor.UnitId))
            : query.Where(a => a.ApplicantId == actor.Id);
    }

    /// <summary>The codes of the items the counter handles (<see cref="ApplyForCertificate.Handles"/>).</summary>
    public static async Task<List<string>> ItemCodesAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var items = await CatalogQueries.AllItemsAsync(db, ct);
        return [.. items.Where(ApplyForCertificate.Handles).Select(i => i.Code)];
    }
}
