using Npgsql;
using OneWindow.Identity;
using OneWindow.Storage;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// On PostgreSQL, hears every committed write to the accounts table from any process (a statement trigger
/// sends <c>NOTIFY onewindow_accounts</c>) and makes this process's <see cref="AccountCache"/> forget, so
/// that a sign-out or a password reset in one server process ends the session in every other at once.
/// While the listening connection is down the cache is not trusted at all; on SQLite there is nothing to
/// listen to and <see cref="SessionCacheOptions.CacheFor"/> bounds what another process's writes take to arrive.
/// </summary>
public sealed partial class AccountChangeListener : BackgroundService
{
    public const string Channel = "onewindow_accounts";

    private readonly AccountCache _cache;
    private readonly ILogger<AccountChangeListener> _logger;
    private readonly string? _connection;

    public AccountChangeListener(AccountCache cache, IConfiguration configuration, ILogger<AccountChangeListener> logger)
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
                connection.Notification += (_, _) => _cache.ForgetAll();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
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

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Listening for account changes; the session cache is in use")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Lost the account-change notifications ({ExceptionType}); sessions are checked against the database until they are back")]
    private static partial void LogLost(ILogger logger, string exceptionType);
}
