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
/// The unit's queue of tasks (the workbench's list): open tasks by default, soonest due first, filtered by
/// state, "due within one working day", overdue and channel, with counts per state for the whole unit.
/// </summary>
public static class TaskQueueEndpoints
{
    public sealed record QueueRow(Guid CaseId, Guid TaskId, string ItemCode, string ItemName, TaskState State, DateOnly? DueDate, bool DueSoon, bool Overdue,
        DateTimeOffset SubmittedAt, Channel Channel, string ApplicantName, DateTimeOffset? EscalatedAt);

    public sealed record Queue(PagedList<QueueRow> Tasks, IReadOnlyDictionary<string, int> Counts);

    private static readonly TaskState[] s_open = [TaskState.Queued, TaskState.Accepted, TaskState.SupplementRequested];

    public static void MapTaskQueue(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tasks", ListAsync).RequireAuthorization(Claims.StaffPolicy).WithTags("Cases");

    private static async Task<Results<Ok<Queue>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, OneWindow.Calendar.CalendarCache calendars, TimeProvider clock,
        CancellationToken ct, string? state = null, string? due = null, string? channel = null, bool escalated = false, int page = 1, int pageSize = 50)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var errors = new FieldErrors();
        Paging.Check(errors, page, pageSize);
        TaskState? wantedState = null;
        if (state is not null)
        {
            if (EnumText.TryParse<TaskState>(state, out var parsed))
            {
                wantedState = parsed;
            }
            else
            {
                errors.Add("state", $"must be one of {string.Join(", ", Enum.GetValues<TaskState>().Select(s => EnumText.Of(s)))}");
            }
        }
        if (due is not null and not ("soon" or "overdue"))
        {
            errors.Add("due", "must be soon (due within one working day) or overdue");
        }
        Channel? wantedChannel = null;
        if (channel is not null)
        {
            if (EnumText.TryParse<Channel>(channel, out var parsedChannel))
            {
                wantedChannel = parsedChannel;
            }
            else
            {
                errors.Add("channel", "must be web, mobile, kiosk or counter");
            }
        }
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        if (actor.UnitId is not { } unit)
        {
            return Problems.From(new Forbidden("Only staff of a unit have a queue"));
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var calendar = await calendars.GetAsync(db, ct);
        var soon = calendar.Due(today, 1) is { Succeeded: true } next ? next.Value : today.AddDays(1);
        // The unit's own tasks; with ?escalated=true, the overdue tasks of the units below that were escalated to it.
        var tasks = escalated
            ? db.ApplicationTasks.AsNoTracking().Where(t => t.EscalatedToUnitId == unit)
            : db.ApplicationTasks.AsNoTracking().Where(t => t.UnitId == unit);
        var counts = await tasks.GroupBy(t => t.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var query = wantedState is { } only ? tasks.Where(t => t.State == only) : tasks.Where(t => s_open.Contains(t.State));
        query = due switch
        {
            "soon" => query.Where(t => t.DueDate != null && t.DueDate >= today && t.DueDate <= soon),
            "overdue" => query.Where(t => t.DueDate != null && t.DueDate < today),
            _ => query,
        };
        var rows = query.Join(db.Applications.AsNoTracking(), t => EF.Property<Guid>(t, "ApplicationId"), a => a.Id, (t, a) => new { Task = t, Case = a });
        if (wantedChannel is { } via)
        {
            rows = rows.Where(r => r.Case.Channel == via);
        }
        var total = await rows.CountAsync(ct);
        var pageRows = await rows
            .OrderBy(r => r.Task.DueDate == null).ThenBy(r => r.Task.DueDate).ThenBy(r => r.Task.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Users.AsNoTracking(), r => r.Case.ApplicantId, u => u.Id, (r, u) => new
            {
                CaseId = r.Case.Id, TaskId = r.Task.Id, r.Task.ItemCode, r.Task.State, r.Task.DueDate, r.Case.SubmittedAt, r.Case.Channel, u.RealName, r.Task.EscalatedAt,
            })
            .ToListAsync(ct);
        var codes = pageRows.Select(r => r.ItemCode).Distinct().ToList();
        var names = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Name, ct);
        var items = pageRows.Select(r => new QueueRow(r.CaseId, r.TaskId, r.ItemCode, names.GetValueOrDefault(r.ItemCode, r.ItemCode), r.State, r.DueDate,
            r.DueDate is { } d && d >= today && d <= soon && s_open.Contains(r.State), r.DueDate is { } o && o < today && s_open.Contains(r.State),
            r.SubmittedAt, r.Channel, r.RealName, r.EscalatedAt)).ToList();
        return TypedResults.Ok(new Queue(
            new PagedList<QueueRow>(items, page, pageSize, total),
            Enum.GetValues<TaskState>().ToDictionary(s => EnumText.Of(s), s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0)));
    }
}
