using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;

namespace OneWindow.Applications;

/// <summary>
/// Applications accepted while their due date ran into a year without a loaded calendar are "pending
/// calendar"; once the year is imported, their due dates are computed from the day they were submitted.
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
        await db.SaveChangesAsync(ct);
        return computed;
    }

    /// <summary>How many applications wait for a calendar to get their due date.</summary>
    public static Task<int> CountAsync(OneWindowDb db, CancellationToken ct) =>
        db.CertificateApplications.CountAsync(a => a.DueDate == null && a.TimeLimitDays != null, ct);
}
