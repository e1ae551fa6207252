using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>An unexpected failure is one log line with an event id and the correlation id; the stack only at debug level.</summary>
public sealed class FailureLoggingTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_failing_request_logs_one_line_with_its_correlation_id_and_answers_a_problem_without_a_stack()
    {
        var clock = new FailingClock();
        var lines = new ConcurrentQueue<(LogLevel Level, EventId Event, string Category, string Text, Exception? Exception)>();
        using var failing = app.WithWebHostBuilder(b => b
            .ConfigureServices(s => s.AddSingleton<TimeProvider>(clock))
            .ConfigureLogging(l => l.AddProvider(new CapturingProvider(lines)).AddFilter<CapturingProvider>("OneWindow", LogLevel.Debug)));
        using var client = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.GetAsync("/api/ledger/sth", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        lines.Clear();

        clock.Fail = true;
        var response = await client.GetAsync("/api/ledger/sth", TestContext.Current.CancellationToken);
        clock.Fail = false;

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var correlation = problem.GetProperty("correlationId").GetString()!;
        // The request's lines: the broken clock is the whole host's, so a background round (webhooks, notifications) that
        // read it in that moment logs its own warning, which is not this request's.
        var errors = lines.Where(l => l.Level >= LogLevel.Warning && l.Category.StartsWith("OneWindow.Server.Infrastructure", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Equal(5000, line.Event.Id);
        Assert.Null(line.Exception);
        Assert.Contains(correlation, line.Text, StringComparison.Ordinal);
        Assert.True(line.Text.Length < 300, line.Text);
        Assert.DoesNotContain("130123198806121238", line.Text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Level == LogLevel.Debug && l.Exception is InvalidOperationException);
    }

    private sealed class FailingClock : TimeProvider
    {
        public volatile bool Fail;

        // The message carries an ID number, as a careless exception might: it must not reach the log line.
        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException("clock broke for 130123198806121238") : base.GetUtcNow();
    }

    private sealed class CapturingProvider(ConcurrentQueue<(LogLevel, EventId, string, string, Exception?)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(LogLevel, EventId, string, string, Exception?)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((logLevel, eventId, category, formatter(state, exception), exception));
        }
    }
}
