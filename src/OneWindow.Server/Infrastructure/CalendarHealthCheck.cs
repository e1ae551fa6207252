using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneWindow.Applications;
using OneWindow.Calendar;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// Degraded when the official calendar of the coming weeks is not loaded, or applications wait for a
/// calendar to get their due dates: an administrator must import the State Council's notice.
/// </summary>
public sealed class CalendarHealthCheck(OneWindowDb db, CalendarCache calendars) : IHealthCheck
{
    /// <summary>How far ahead the calendar must reach (the longest usual time limit).</summary>
    public const int HorizonDays = 60;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (missing, pending) = await StateAsync(db, calendars, cancellationToken);
        if (missing.Count == 0 && pending == 0)
        {
            return HealthCheckResult.Healthy();
        }
        var data = new Dictionary<string, object> { ["missingYears"] = missing, ["pendingDueDates"] = pending };
        return HealthCheckResult.Degraded($"Import the official calendar for {string.Join(", ", missing.DefaultIfEmpty(0).Where(y => y > 0))}; {pending} application(s) wait for their due date", data: data);
    }

    public static async Task<(IReadOnlyList<int> MissingYears, int PendingDueDates)> StateAsync(OneWindowDb db, CalendarCache calendars, CancellationToken ct) =>
        (await calendars.MissingYearsAsync(db, HorizonDays, ct), await ComputePendingDueDates.CountAsync(db, ct));
}
