using OneWindow.Calendar;
using OneWindow.Supervision;

namespace OneWindow.Server.Supervision;

/// <summary>Folds supervision facts into the rollups as they arrive: woken after each save that wrote one, and every few seconds for other processes' facts.</summary>
public sealed partial class SupervisionFolding(IServiceScopeFactory scopes, SupervisionFacts facts, CalendarCache calendars, TimeProvider clock, ILogger<SupervisionFolding> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        facts.Staged += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
                    while (await SupervisionFolder.FoldAsync(db, calendars, clock, stoppingToken) == 2000)
                    {
                        db.ChangeTracker.Clear();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            facts.Staged -= Wake;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4701, Level = LogLevel.Warning, Message = "Supervision: folding facts failed ({ExceptionType}); tried again shortly")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
