using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;

namespace OneWindow.Applications;

/// <summary>
/// Applications accepted while their due date ran into a year without a loaded calendar are "pending
/// calendar"; once the year is imported, the due dates of the cases and of the tasks their units hold are
/// computed as they would have been then.
/// </summary>
public static class ComputePendingDueDates
{
    public static async Task<int> HandleAsync(OneWindowDb db, WorkingCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(clock);
        var computed = 0;
        var cases = await db.Applications.Where(PendingCase).ToListAsync(ct);
        foreach (var application in cases)
        {
            computed += application.ComputePendingDueDates(calendar, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(application.SubmittedAt, clock.LocalTimeZone).DateTime));
        }
        await db.SaveChangesAsync(ct);
        return computed;
    }

    /// <summary>An open case whose own due date, or a due date of a task its unit holds, waits for a calendar (what <see cref="Application.ComputePendingDueDates"/> looks at, as a query).</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Application, bool>> PendingCase = a => a.State == ApplicationState.InProgress
        && (a.DueDate == null || a.Tasks.Any(t => t.DueDate == null && t.StartedOn != null
            && t.State != TaskState.Approved && t.State != TaskState.Refused && t.State != TaskState.Cancelled));

    /// <summary>How many applications wait for a calendar to get their due date.</summary>
    public static async Task<int> CountAsync(OneWindowDb db, CancellationToken ct) =>
        await db.Applications.CountAsync(PendingCase, ct);
}
