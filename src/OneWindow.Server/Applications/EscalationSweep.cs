using Microsoft.Extensions.Options;
using OneWindow.Applications;

namespace OneWindow.Server.Applications;

/// <summary>Every <see cref="CaseOptions.EscalationInterval"/>, escalates overdue tasks to their units' supervising units and tells units of tasks due by the next working day (once each).</summary>
public sealed partial class EscalationSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CaseOptions> options, OneWindow.Calendar.CalendarCache calendars, ILogger<EscalationSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EscalationInterval;
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
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                var escalated = await EscalateOverdueTasks.RunAsync(db, clock.GetUtcNow(), today, stoppingToken);
                // Units are told of what falls due by the next working day, once per task.
                await EscalateOverdueTasks.AnnounceDueSoonAsync(db, await calendars.GetAsync(db, stoppingToken), clock.GetUtcNow(), today, stoppingToken);
                if (escalated > 0)
                {
                    LogEscalated(logger, escalated);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Escalated {Count} overdue tasks to their supervising units")]
    private static partial void LogEscalated(ILogger logger, int count);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "The escalation sweep failed ({ExceptionType}); it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
