using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Common;
using OneWindow.Seeding;
using OneWindow.Storage;

namespace OneWindow.Cli;

/// <summary>What every command gets: its console and the configured storage.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, IConfiguration configuration, HttpMessageHandler? httpHandler = null)
{
    /// <summary>An HTTP client for talking to a log; tests hand in their in-process server's handler.</summary>
    public HttpClient CreateHttpClient() =>
        httpHandler is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(2) } : new HttpClient(httpHandler, disposeHandler: false);

    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public IConfiguration Configuration { get; } = configuration;

    /// <summary>
    /// Opens the configured database, migrated; with <paramref name="seedReference"/> the shipped
    /// divisions, calendar and catalog are loaded first if the database has none.
    /// </summary>
    public async Task<DbScope> OpenAsync(bool seedReference, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(Configuration);
        services.AddOneWindowCore();
        var provider = services.BuildServiceProvider();
        var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        try
        {
            await DatabaseSetup.MigrateAsync(db, ct);
            if (seedReference)
            {
                await scope.ServiceProvider.GetRequiredService<Seeder>().SeedReferenceDataAsync(ct);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            await scope.DisposeAsync();
            await provider.DisposeAsync();
            throw new CliException($"cannot open the database: {ex.Message}");
        }
        return new DbScope(provider, scope, db);
    }

    /// <summary>Writes a failure as the CLI reports it and returns the exit code for it.</summary>
    public async Task<int> ReportAsync(Failure failure)
    {
        if (failure is ValidationFailed v)
        {
            await Err.WriteLineAsync($"error: {v.Title}");
            foreach (var (field, messages) in v.Errors)
            {
                foreach (var message in messages)
                {
                    await Err.WriteLineAsync($"  {field}: {message}");
                }
            }
        }
        else
        {
            await Err.WriteLineAsync($"error: {failure.Detail}");
        }
        return CliApp.Failed;
    }
}

/// <summary>A database opened for one command; disposing it closes everything.</summary>
public sealed class DbScope(ServiceProvider provider, AsyncServiceScope scope, OneWindowDb db) : IAsyncDisposable
{
    public OneWindowDb Db { get; } = db;

    public IServiceProvider Services => scope.ServiceProvider;

    public TimeProvider Clock => scope.ServiceProvider.GetRequiredService<TimeProvider>();

    public UserManager<Identity.Account> Users => scope.ServiceProvider.GetRequiredService<UserManager<Identity.Account>>();

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}
