using OneWindow.Proactive;

namespace OneWindow.Server.Proactive;

/// <summary>
/// Works the benefit rules' inbox: woken when a save stages an event, and every few seconds besides (events staged
/// inside a transaction, by another process, or left by a worker that stopped). One per process; several processes
/// share the inbox through its leases.
/// </summary>
public sealed partial class BenefitWorker(IServiceScopeFactory scopes, ProactiveInbox inbox, ILogger<BenefitWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Wake()
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        inbox.Staged += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    int processed;
                    do
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        processed = await scope.ServiceProvider.GetRequiredService<GrantBenefits>().ProcessPendingAsync(50, stoppingToken);
                        if (processed > 0)
                        {
                            LogProcessed(logger, processed);
                        }
                    }
                    while (processed > 0);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetType().Name);
                }
                await _wake.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            inbox.Staged -= Wake;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Benefit rules: {Count} events processed")]
    private static partial void LogProcessed(ILogger logger, int count);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Benefit rules: processing failed ({ExceptionType}); the events are taken again when their lease ends")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
