using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Cli;
using OneWindow.Testing;

namespace OneWindow.Cli.Tests;

/// <summary>The result of one CLI run against captured output streams.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err);

/// <summary>A database for CLI runs on one provider; created once per test class.</summary>
public abstract class CliDatabase : IAsyncLifetime
{
    private string? _directory;

    public string? SkipReason { get; private set; }

    public string Provider { get; private set; } = "sqlite";

    public string Connection { get; private set; } = "";

    public string MasterKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected abstract bool Postgres { get; }

    public async ValueTask InitializeAsync()
    {
        if (Postgres)
        {
            var cluster = await PostgresCluster.SharedAsync();
            SkipReason = cluster.SkipReason;
            Provider = "postgres";
            Connection = SkipReason is null ? await cluster.CreateDatabaseAsync() : "";
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("onewindow-cli-").FullName;
            Connection = $"Data Source={Path.Combine(_directory, "cli.db")};Pooling=False";
        }
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Provider,
            ["ConnectionStrings:OneWindow"] = Connection,
            ["Keys:MasterKey"] = MasterKey,
        }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, configuration, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The core's services on this database, as a host in another process would have them.</summary>
    public ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Provider,
            ["ConnectionStrings:OneWindow"] = Connection,
            ["Keys:MasterKey"] = MasterKey,
            ["Ledger:CheckpointInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        return services.BuildServiceProvider();
    }

    /// <summary>The path of a built program of this repository (src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;dll&gt;), for tests that run it as a process.</summary>
    public static string BuiltProgram(string project, string dll)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OneWindow.slnx")))
        {
            directory = directory.Parent;
        }
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(directory!.FullName, "src", project, "bin", configuration, "net10.0", dll);
        Assert.True(File.Exists(path), $"{project} is not built at {path}");
        return path;
    }

    public ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteCliDatabase : CliDatabase
{
    protected override bool Postgres => false;
}

public sealed class PostgresCliDatabase : CliDatabase
{
    protected override bool Postgres => true;
}
