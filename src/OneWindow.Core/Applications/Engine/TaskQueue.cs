using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A unit's queue of tasks (the workbench's list, for the API and the pages alike): open tasks by default,
/// soonest due first, filtered by state, "due within one working day", overdue and channel, with counts per
/// state for the whole unit; with <see cref="Filter.Escalated"/>, the overdue tasks of the units below that
/// were escalated to it. Runs on the unit/state/due-date index.
/// </summary>
public static class TaskQueue
{
    public enum Due
    {
        Any,
        Soon,
        Overdue,
    }

    /// <summary>A task with its case, for the queue's joins.</summary>
    private sealed class TaskAndCase
    {
        public required ApplicationTask Task { get; init; }

        public required Application Case { get; init; }
    }

    /// <param name="Answered">Only tasks whose supplement the applicant has answered and that are back in hand (补正已回复).</param>
    public sealed record Filter(TaskState? State = null, Due Due = Due.Any, Channel? Channel = null, bool Escalated = false, int Page = 1, int PageSize = 50, bool Answered = false);

    public sealed record Row(Guid CaseId, Guid TaskId, string ItemCode, string ItemName, TaskState State, DateOnly? DueDate, bool DueSoon, bool Overdue,
        DateTimeOffset SubmittedAt, Channel Channel, string ApplicantName, DateTimeOffset? EscalatedAt);

    public sealed record Page(IReadOnlyList<Row> Rows, int Total, IReadOnlyDictionary<TaskState, int> Counts);

    public static readonly IReadOnlyList<TaskState> Open = [TaskState.Queued, TaskState.Accepted, TaskState.SupplementRequested];

    /// <summary>What needs a unit today, for its staff's home page: open tasks by state, due within one working day, overdue, and escalated to it.</summary>
    public sealed record Today(int Queued, int Accepted, int SupplementRequested, int DueSoon, int Overdue, int Escalated, int SupplementAnswered);

    /// <summary>One of a staff member's recent actions: the task, what was done last and when.</summary>
    public sealed record Recent(Guid CaseId, Guid TaskId, string ItemName, string ApplicantName, TaskState State, string? Event, DateTimeOffset At);

    public static async Task<Today> TodayAsync(OneWindowDb db, Guid unit, WorkingCalendar calendar, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var soon = calendar.Due(today, 1) is { Succeeded: true } next ? next.Value : today.AddDays(1);
        var open = db.ApplicationTasks.AsNoTracking()
            .Where(t => t.UnitId == unit && (t.State == TaskState.Queued || t.State == TaskState.Accepted || t.State == TaskState.SupplementRequested));
        var byState = await open.GroupBy(t => t.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var dueSoon = await open.CountAsync(t => t.DueDate != null && t.DueDate >= today && t.DueDate <= soon, ct);
        var overdue = await open.CountAsync(t => t.DueDate != null && t.DueDate < today, ct);
        var escalated = await db.ApplicationTasks.AsNoTracking()
            .CountAsync(t => t.EscalatedToUnitId == unit && (t.State == TaskState.Queued || t.State == TaskState.Accepted || t.State == TaskState.SupplementRequested), ct);
        var answered = await open.CountAsync(t => t.State == TaskState.Accepted && t.SupplementAnsweredAt != null, ct);
        return new Today(byState.GetValueOrDefault(TaskState.Queued), byState.GetValueOrDefault(TaskState.Accepted),
            byState.GetValueOrDefault(TaskState.SupplementRequested), dueSoon, overdue, escalated, answered);
    }

    /// <summary>The tasks <paramref name="actor"/> acted on last, latest first (on the actor/time index), each with what they did.</summary>
    public static async Task<IReadOnlyList<Recent>> RecentAsync(OneWindowDb db, Guid actor, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ApplicationTasks.AsNoTracking()
            .Where(t => t.LastActorId == actor)
            .OrderByDescending(t => t.LastActedAt).ThenByDescending(t => t.Id).Take(count)
            .Join(db.Applications.AsNoTracking(), t => EF.Property<Guid>(t, "ApplicationId"), a => a.Id, (t, a) => new { t.Id, t.ItemCode, t.State, t.LastActedAt, CaseId = a.Id, a.ApplicantId, a.History })
            .ToListAsync(ct);
        var applicants = await AccountQueries.DisplayNamesAsync(db, [.. rows.Select(r => r.ApplicantId).Distinct()], ct);
        var names = await CatalogQueries.ItemNamesAsync(db, [.. rows.Select(r => r.ItemCode).Distinct()], ct);
        return [.. rows.OrderByDescending(r => r.LastActedAt).ThenByDescending(r => r.Id).Select(r => new Recent(
            r.CaseId, r.Id, names.GetValueOrDefault(r.ItemCode, r.ItemCode), applicants.GetValueOrDefault(r.ApplicantId, ""), r.State,
            r.History.LastOrDefault(e => e.ActorId == actor && e.ItemCode == r.ItemCode)?.Kind,
            DateTimeOffset.FromUnixTimeMilliseconds(r.LastActedAt)))];
    }

    /// <param name="finished">Counts of finished tasks, which a busy unit has by the million: kept for a short while (<see cref="FinishedTaskCounts"/>); open tasks are counted fresh.</param>
    public static async Task<Page> ListAsync(OneWindowDb db, Guid unit, Filter filter, WorkingCalendar calendar, DateOnly today, FinishedTaskCounts finished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(finished);
        var soon = calendar.Due(today, 1) is { Succeeded: true } next ? next.Value : today.AddDays(1);
        var tasks = filter.Escalated
            ? db.ApplicationTasks.AsNoTracking().Where(t => t.EscalatedToUnitId == unit)
            : db.ApplicationTasks.AsNoTracking().Where(t => t.UnitId == unit);
        var open = Open.ToList();
        // States spelled out, not a parameter list: SQLite then walks the unit/state index for each one
        // instead of testing every row of the unit against a JSON array.
        var counts = (await tasks.Where(t => t.State == TaskState.Queued || t.State == TaskState.Accepted || t.State == TaskState.SupplementRequested || t.State == TaskState.Waiting)
            .GroupBy(t => t.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => c.Key, c => c.Count);
        foreach (var (state, count) in await finished.GetAsync(unit, filter.Escalated, () => tasks.Where(t => t.State == TaskState.Approved || t.State == TaskState.Refused || t.State == TaskState.Cancelled)
            .GroupBy(t => t.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct)))
        {
            counts[state] = count;
        }

        var query = filter.State is { } only
            ? tasks.Where(t => t.State == only)
            : tasks.Where(t => t.State == TaskState.Queued || t.State == TaskState.Accepted || t.State == TaskState.SupplementRequested);
        if (filter.Answered)
        {
            query = query.Where(t => t.State == TaskState.Accepted && t.SupplementAnsweredAt != null);
        }
        query = filter.Due switch
        {
            Due.Soon => query.Where(t => t.DueDate != null && t.DueDate >= today && t.DueDate <= soon),
            Due.Overdue => query.Where(t => t.DueDate != null && t.DueDate < today),
            _ => query,
        };
        var skip = (filter.Page - 1) * filter.PageSize;
        if (filter.Channel is { } via)
        {
            query = query.Where(t => t.Channel == via); // the case's channel, kept on its tasks: the unit/channel/state/due-date index
        }
        var total = filter.State is { } finishedState && filter.Due == Due.Any && filter.Channel is null && !open.Contains(finishedState)
            ? counts.GetValueOrDefault(finishedState) // finished tasks: the kept count, not another pass over them
            : await query.CountAsync(ct); // on the task indexes alone
        // The page is taken from the tasks alone (their index), and only its rows are joined to their cases:
        // joining a unit's open tasks before the limit cost a lookup per open task on PostgreSQL.
        var page = query.OrderBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenBy(t => t.Id).Skip(skip).Take(filter.PageSize)
            .Join(db.Applications.AsNoTracking(), t => EF.Property<Guid>(t, "ApplicationId"), a => a.Id, (t, a) => new TaskAndCase { Task = t, Case = a });
        var pageRows = await page
            .Select(r => new
            {
                CaseId = r.Case.Id, TaskId = r.Task.Id, r.Task.ItemCode, r.Task.State, r.Task.DueDate, r.Case.SubmittedAt, r.Case.Channel, r.Case.ApplicantId, r.Task.EscalatedAt,
            })
            .OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenBy(r => r.TaskId)
            .ToListAsync(ct);
        // Applicants' and items' names are Identity's and the catalog's to give: asked for this page's rows only.
        var applicants = await AccountQueries.DisplayNamesAsync(db, [.. pageRows.Select(r => r.ApplicantId).Distinct()], ct);
        var names = await CatalogQueries.ItemNamesAsync(db, [.. pageRows.Select(r => r.ItemCode).Distinct()], ct);
        var items = pageRows.Select(r => new Row(r.CaseId, r.TaskId, r.ItemCode, names.GetValueOrDefault(r.ItemCode, r.ItemCode), r.State, r.DueDate,
            r.DueDate is { } d && d >= today && d <= soon && open.Contains(r.State), r.DueDate is { } o && o < today && open.Contains(r.State),
            r.SubmittedAt, r.Channel, applicants.GetValueOrDefault(r.ApplicantId, ""), r.EscalatedAt)).ToList();
        return new Page(items, total, Enum.GetValues<TaskState>().ToDictionary(s => s, s => counts.GetValueOrDefault(s)));
    }
}

/// <summary>
/// Counts of a unit's finished tasks (approved, refused, cancelled) — the bulk of a busy unit's million rows —
/// counted at most once per <see cref="CaseOptions.FinishedCountsFor"/> per unit and process; the queue's open
/// counts stay exact.
/// </summary>
public sealed class FinishedTaskCounts(TimeProvider clock, Microsoft.Extensions.Options.IOptions<CaseOptions> options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Unit, bool Escalated), (DateTimeOffset At, IReadOnlyDictionary<TaskState, int> Counts)> _counts = new();

    public async Task<IReadOnlyDictionary<TaskState, int>> GetAsync(Guid unit, bool escalated, Func<Task<Dictionary<TaskState, int>>> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var now = clock.GetUtcNow();
        if (_counts.TryGetValue((unit, escalated), out var kept) && now - kept.At < options.Value.FinishedCountsFor)
        {
            return kept.Counts;
        }
        var fresh = await count();
        _counts[(unit, escalated)] = (now, fresh);
        return fresh;
    }
}
