using Npgsql;
using OneWindow.Storage;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// On PostgreSQL, hears every committed write to a watched table from any process (statement triggers send
/// <c>NOTIFY onewindow_changes</c> with the table's name) and raises its version in this process's
/// <see cref="TableWatch"/>, so that a sign-out in one server process ends the session in every other at
/// once, and a revoked seal is not used by another. While the listening connection is down no cache is
/// trusted at all; on SQLite there is nothing to listen to and <see cref="CacheOptions.TrustFor"/> bounds
/// what another process's writes take to arrive.
/// </summary>
public sealed partial class TableChangeListener : BackgroundService
{
    private readonly TableWatch _cache;
    private readonly ILogger<TableChangeListener> _logger;
    private readonly string? _connection;

    public TableChangeListener(TableWatch cache, IConfiguration configuration, ILogger<TableChangeListener> logger)
    {
        _cache = cache;
        _logger = logger;
        var (provider, connection) = StorageSetup.Resolve(configuration);
        if (provider == StorageProvider.Postgres)
        {
            // A connection of its own, outside the pool: it keeps its LISTEN for as long as it lives.
            _connection = new NpgsqlConnectionStringBuilder(connection) { Pooling = false, KeepAlive = 30 }.ConnectionString;
            _cache.Suspend();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_connection is null)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connection);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => _cache.Touch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {TableWatch.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _cache.Resume();
                LogListening(_logger);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _cache.Suspend();
                LogLost(_logger, ex.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        _cache.Suspend();
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Listening for changes to cached tables; the caches are in use")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Lost the change notifications ({ExceptionType}); accounts and reference data are read from the database until they are back")]
    private static partial void LogLost(ILogger logger, string exceptionType);
}
