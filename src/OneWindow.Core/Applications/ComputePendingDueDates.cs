using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;

namespace OneWindow.Applications;

/// <summary>
/// Applications accepted while their due date ran into a year without a loaded calendar are "pending
/// calendar"; once the year is imported, their due dates are computed from the day they were submitted —
/// certificate applications, and the engine's cases and the tasks their units hold.
/// </summary>
public static class ComputePendingDueDates
{
    public static async Task<int> HandleAsync(OneWindowDb db, WorkingCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(clock);
        var pending = await db.CertificateApplications.Where(a => a.DueDate == null && a.TimeLimitDays != null).ToListAsync(ct);
        var computed = 0;
        foreach (var application in pending)
        {
            var submitted = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(application.SubmittedAt, clock.LocalTimeZone).DateTime);
            if (calendar.Due(submitted, application.TimeLimitDays!.Value) is { Succeeded: true } due)
            {
                application.SetDueDate(due.Value);
                computed++;
            }
        }
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
        await db.CertificateApplications.CountAsync(a => a.DueDate == null && a.TimeLimitDays != null, ct) + await db.Applications.CountAsync(PendingCase, ct);
}
