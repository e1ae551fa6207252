using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>A platform whose key-encryption key file sits beside its SQLite database.</summary>
public sealed class KeyBesideDatabaseApp : OneWindowApp
{
    public override string Provider => "sqlite";

    /// <summary>Its key is made at its first start, so it seeds its own database.</summary>
    protected override bool FromTemplate => false;

    public ConcurrentQueue<(LogLevel Level, int EventId, string Text)> Log { get; } = new();

    public string KeyFile => Path.Combine(Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource)!, "master.key");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Keys:MasterKey", "");
        builder.UseSetting("Keys:MasterKeyFile", KeyFile);
        builder.ConfigureLogging(l => l.AddProvider(new Capture(Log)));
    }

    private sealed class Capture(ConcurrentQueue<(LogLevel, int, string)> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(log);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, int, string)> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}

public sealed class KeyPlacementTests(KeyBesideDatabaseApp app) : IClassFixture<KeyBesideDatabaseApp>
{
    [Fact]
    public void Starting_with_the_key_beside_the_database_warns_the_operator()
    {
        using var _ = app.Client();

        Assert.True(File.Exists(app.KeyFile));
        Assert.Contains(app.Log, l => l.Level == LogLevel.Warning && l.EventId == 1001 && l.Text.Contains(app.KeyFile, StringComparison.Ordinal));
    }
}
