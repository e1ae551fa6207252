using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Applications;

/// <summary>The unit's queue of tasks over the API (<see cref="TaskQueue"/>): query parameters checked, then listed.</summary>
public static class TaskQueueEndpoints
{
    public sealed record Queue(PagedList<TaskQueue.Row> Tasks, IReadOnlyDictionary<string, int> Counts);

    public static void MapTaskQueue(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tasks", ListAsync).RequireAuthorization(Claims.StaffPolicy, OneWindow.Server.Departments.DepartmentClients.TaskWorkPolicy).WithTags("Cases");

    private static async Task<Results<Ok<Queue>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, OneWindow.Calendar.CalendarCache calendars, FinishedTaskCounts finished, TimeProvider clock,
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
                errors.Add("state", Texts.T("must be one of {0}", string.Join(", ", Enum.GetValues<TaskState>().Select(s => EnumText.Of(s)))));
            }
        }
        if (due is not null and not ("soon" or "overdue"))
        {
            errors.Add("due", Texts.T("must be soon (due within one working day) or overdue"));
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
                errors.Add("channel", Texts.T("must be web, mobile, kiosk or counter"));
            }
        }
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        if (actor.UnitId is not { } unit)
        {
            return Problems.From(new Forbidden(Texts.T("Only staff of a unit have a queue")));
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var filter = new TaskQueue.Filter(wantedState, due switch { "soon" => TaskQueue.Due.Soon, "overdue" => TaskQueue.Due.Overdue, _ => TaskQueue.Due.Any }, wantedChannel, escalated, page, pageSize);
        var found = await TaskQueue.ListAsync(db, unit, filter, await calendars.GetAsync(db, ct), today, finished, ct);
        return TypedResults.Ok(new Queue(
            new PagedList<TaskQueue.Row>(found.Rows, page, pageSize, found.Total),
            found.Counts.ToDictionary(c => EnumText.Of(c.Key), c => c.Value)));
    }
}
