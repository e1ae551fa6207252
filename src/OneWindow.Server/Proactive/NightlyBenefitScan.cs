using OneWindow.Proactive;

namespace OneWindow.Server.Proactive;

/// <summary>
/// Runs the 免申即享 scan every night at <c>Proactive:ScanAt</c> (local time of the service, 02:00 unless configured;
/// "off" to leave it to <c>onewindow benefits scan</c>): people who turned 80 since the last night are granted their
/// allowance without applying. Several processes may run it at once: a person is granted once whoever scans.
/// </summary>
public sealed partial class NightlyBenefitScan(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<NightlyBenefitScan> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var setting = configuration["Proactive:ScanAt"] ?? "02:00";
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (!TimeOnly.TryParse(setting, System.Globalization.CultureInfo.InvariantCulture, out var at))
        {
            LogBadSetting(logger, setting);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Until(at), clock, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<ScanBenefits>().RunAsync(null, dryRun: false, progress: null, stoppingToken);
                foreach (var result in outcome.Value ?? [])
                {
                    LogScanned(logger, result.Rule, result.Looked, result.Granted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    /// <summary>How long until the next <paramref name="at"/> in the service's time zone (tomorrow's when today's has passed).</summary>
    private TimeSpan Until(TimeOnly at)
    {
        var now = clock.GetLocalNow();
        var next = new DateTimeOffset(DateOnly.FromDateTime(now.DateTime).ToDateTime(at), now.Offset);
        if (next <= now)
        {
            next = next.AddDays(1);
        }
        return next - now;
    }

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Benefit scan {Rule}: {Looked} records looked at, {Granted} granted")]
    private static partial void LogScanned(ILogger logger, string rule, int looked, int granted);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "The benefit scan failed ({ExceptionType}); it runs again the next night")]
    private static partial void LogFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Proactive:ScanAt is {Setting}, not a time of day (HH:mm) or off: the nightly benefit scan does not run")]
    private static partial void LogBadSetting(ILogger logger, string setting);
}
