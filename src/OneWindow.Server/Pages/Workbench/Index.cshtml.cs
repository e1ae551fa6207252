using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Workbench;

/// <summary>The staff workbench: the unit's task queue with filters (state, due soon, overdue, channel, escalated) and counts per state.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, OneWindow.Calendar.CalendarCache calendars, FinishedTaskCounts finished, TimeProvider clock) : PageModel
{
    public TaskQueue.Page? Queue { get; private set; }

    public string? State { get; private set; }

    public string? Due { get; private set; }

    public string? Channel { get; private set; }

    public bool Escalated { get; private set; }

    public bool Answered { get; private set; }

    /// <summary>The unit whose system integration this admin manages (the link to its page), or null.</summary>
    public Guid? AdminOf { get; private set; }

    public async Task OnGetAsync(string? state, string? due, string? channel, bool escalated, bool answered, int page, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        (State, Due, Channel, Escalated, Answered) = (state, due, channel, escalated, answered);
        if (actor.UnitId is not { } unit)
        {
            return;
        }
        AdminOf = actor.Has(OneWindow.Identity.StaffRoles.UnitAdmin) ? unit : null;
        var filter = new TaskQueue.Filter(
            EnumText.TryParse<TaskState>(state, out var s) ? s : null,
            due switch { "soon" => TaskQueue.Due.Soon, "overdue" => TaskQueue.Due.Overdue, _ => TaskQueue.Due.Any },
            EnumText.TryParse<Channel>(channel, out var via) ? via : null,
            escalated,
            Math.Clamp(page, 1, 10_000),
            50,
            answered);
        Queue = await TaskQueue.ListAsync(db, unit, filter, await calendars.GetAsync(db, ct), DateOnly.FromDateTime(clock.GetLocalNow().DateTime), finished, ct);
    }
}
