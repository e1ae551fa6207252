using OneWindow.Ratings;

namespace OneWindow.Server.Ratings;

/// <summary>
/// Every <see cref="RatingOptions.SweepInterval"/>: sends due rating invitations (智能邀评), escalates overdue rectifications, and moves
/// overdue 办不成事 reports up a level.
/// </summary>
public sealed partial class RatingSweep(IServiceScopeFactory scopes, TimeProvider clock, RatingServices services, OneWindow.Calendar.CalendarCache calendars, ILogger<RatingSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = services.Options.SweepInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
                var invited = await RatingInvitations.SendDueAsync(db, services, clock.GetUtcNow(), stoppingToken);
                var escalated = await Rectifications.EscalateOverdueAsync(db, clock.GetUtcNow(), services.Today, stoppingToken);
                escalated += await OneWindow.Unresolved.UnresolvedReports.EscalateOverdueAsync(db, calendars, clock, stoppingToken);
                if (invited + escalated > 0)
                {
                    LogSwept(logger, invited, escalated);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "Ratings: {Invited} invitations sent, {Escalated} overdue rectifications and reports escalated")]
    private static partial void LogSwept(ILogger logger, int invited, int escalated);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "The ratings sweep failed ({ExceptionType}); it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
