using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Seeding;
using Xunit;

namespace OneWindow.Testing;

/// <summary>
/// The platform in-process on one storage provider with a fresh database, seeded with reference and
/// demo data. Subclasses pick the provider; every integration test class runs on both.
/// </summary>
public abstract class OneWindowApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _connection;
    private string? _sqliteDirectory;
    private readonly string _materialsDirectory = Directory.CreateTempSubdirectory("onewindow-materials-").FullName;
    private bool _kestrel;

    public abstract string Provider { get; }

    private string? _masterKey;

    /// <summary>This app's key-encryption key: the templates' key for an app made from one, otherwise random per fixture.</summary>
    public string MasterKey
    {
        get => _masterKey ??= FromTemplate ? TemplateDatabases.MasterKey : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        init => _masterKey = value;
    }

    /// <summary>
    /// Whether this app's database is a copy of the process's migrated and seeded template (the default) rather than an
    /// empty one it migrates and seeds itself: apps whose start seeds differently (another clock, another key) say no.
    /// </summary>
    protected virtual bool FromTemplate => true;

    /// <summary>Configuration that points a CLI run at this app's database.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration CliConfiguration() =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Provider,
            ["ConnectionStrings:OneWindow"] = ConnectionString,
            ["Keys:MasterKey"] = MasterKey,
        }).Build();

    /// <summary>Runs the CLI in-process against this app's database, with HTTP going to this app's server.</summary>
    public async Task<(int ExitCode, string Out, string Err)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OneWindow.Cli.CliApp.RunAsync(args, output, error, CliConfiguration(), TestContext.Current.CancellationToken, Server.CreateHandler());
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The core's services on another database of this app's provider (migration tests start from empty ones).</summary>
    /// <summary>The password hasher's work factor in test hosts.</summary>
    public const int TestHashRounds = 1000;

    public Microsoft.Extensions.DependencyInjection.ServiceProvider CoreServices(string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Provider,
            ["ConnectionStrings:OneWindow"] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = TestHashRounds);
        return services.BuildServiceProvider();
    }

    /// <summary>Why this app cannot run here (no PostgreSQL), or null.</summary>
    public string? SkipReason { get; protected set; }

    public string ConnectionString => _connection ?? throw new InvalidOperationException("The app is not initialized.");

    /// <summary>Serve over real Kestrel on a free loopback port (for browser tests).</summary>
    public void UseRealServer()
    {
        _kestrel = true;
        UseKestrel(0);
    }

    /// <summary>Serve over real Kestrel on the given loopback port (a server that is stopped and started again on it).</summary>
    protected void UseRealServerOn(int port)
    {
        _kestrel = true;
        UseKestrel(port);
    }

    /// <summary>The root address when served over Kestrel.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    public async ValueTask InitializeAsync()
    {
        (_connection, SkipReason) = await CreateDatabaseAsync();
        if (SkipReason is null)
        {
            // Start the host now: migration and seeding happen once per fixture, not in a test's time.
            StartServer();
        }
    }

    /// <summary>Creates this app's database (a copy of the template, or empty); returns its connection string or why it cannot.</summary>
    protected virtual async Task<(string? Connection, string? Skip)> CreateDatabaseAsync()
    {
        var copy = FromTemplate && MasterKey == TemplateDatabases.MasterKey;
        if (Provider == "postgres")
        {
            var cluster = await PostgresCluster.SharedAsync();
            if (cluster.SkipReason is { } reason)
            {
                return (null, reason);
            }
            return (copy ? await TemplateDatabases.CopyPostgresAsync(cluster) : await cluster.CreateDatabaseAsync(), null);
        }
        _sqliteDirectory = Directory.CreateTempSubdirectory("onewindow-test-").FullName;
        var path = Path.Combine(_sqliteDirectory, "onewindow.db");
        if (copy)
        {
            await TemplateDatabases.CopySqliteAsync(path);
        }
        return ($"Data Source={path};Pooling=False", null);
    }

    /// <summary>An HTTP client with its own cookie jar; skips the test when the provider is missing.</summary>
    public HttpClient Client()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true };
        if (_kestrel)
        {
            options.BaseAddress = ServerAddress;
        }
        return CreateClient(options);
    }

    /// <summary>A client signed in as <paramref name="account"/> (a demo account by default password).</summary>
    public async Task<HttpClient> SignedInAsync(string account, string password = DemoData.Password)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { account, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A fresh, valid identity number of someone born in 正定县 in the 1970s–90s (random; collisions are rare enough for tests).</summary>
    public static string NewIdNumber()
    {
        var body = $"13012319{Random.Shared.Next(70, 99)}{Random.Shared.Next(10, 13)}{Random.Shared.Next(10, 29)}{Random.Shared.Next(100, 1000)}";
        return body + OneWindow.Formats.ResidentIdNumber.CheckCharacter(body);
    }

    /// <summary>Registers a new resident of 正定县 (a fresh identity number, name 刘晓梅) and signs them in.</summary>
    public async Task<HttpClient> NewResidentAsync()
    {
        var id = NewIdNumber();
        using var client = Client();
        var registered = await client.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, registered.StatusCode);
        return await SignedInAsync(id, "longpass123");
    }

    /// <summary>Runs <paramref name="work"/> with a scoped database context of the app.</summary>
    public Task<T> WithDbAsync<T>(Func<OneWindowDb, Task<T>> work) => WithScopeAsync(services => work(services.GetRequiredService<OneWindowDb>()));

    /// <summary>Runs <paramref name="work"/> with the services of a scope of the app.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Waits until the ledger's sequencer has taken every staged event (it is woken on commit and polls every second).</summary>
    public async Task LedgerDrainedAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if (await WithDbAsync(db => db.LedgerOutbox.AnyAsync()) is false)
            {
                return;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Fail("The ledger outbox was not drained within 5 s");
    }

    /// <summary>The ledger audit has nothing to say about these certificates (other tests may have planted orphan entries on purpose).</summary>
    public async Task AuditFindsNothingAboutAsync(IReadOnlyCollection<string> identifiers)
    {
        var report = await WithDbAsync(db => OneWindow.Certificates.AuditLedger.RunAsync(db, TestContext.Current.CancellationToken));
        Assert.Equal(report.FindingCount, report.Findings.Count);
        Assert.DoesNotContain(report.Findings, f => identifiers.Contains(f.Identifier));
        Assert.DoesNotContain(report.Findings, f => f.Kind != "entry-without-certificate");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", Provider);
        builder.UseSetting("ConnectionStrings:OneWindow", _connection);
        builder.UseSetting("Keys:MasterKey", MasterKey);
        builder.UseSetting("Materials:Path", _materialsDirectory);
        builder.UseSetting("Ledger:CheckpointInterval", "00:00:00");
        builder.UseSetting("Ledger:MaxEntriesPage", "100");
        // Every test client shares one address; the per-client limit is tested with a host of its own.
        builder.UseSetting("SignIn:FailuresPerClient", "10000");
        // The test server speaks plain HTTP; the token endpoint otherwise insists on HTTPS.
        builder.UseSetting("DepartmentApi:RequireHttps", "false");
        // The same password hasher with a test work factor: PBKDF2 at 100 000 rounds for every registration and sign-in
        // was a large share of the suites' CPU on two cores.
        builder.ConfigureServices(services => services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = TestHashRounds));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new TestOutputLoggerProvider());
            logging.SetMinimumLevel(LogLevel.Warning);
            // A failing request's stack is at debug level; the test that met it shows it.
            logging.AddFilter<TestOutputLoggerProvider>("OneWindow.Server.Infrastructure.UnhandledFailures", LogLevel.Debug);
        });
    }

    /// <summary>The folder of this app's material store.</summary>
    public string MaterialsDirectory => _materialsDirectory;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_materialsDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        if (Provider == "postgres" && _connection is not null)
        {
            // The fixture's idle connections would stay open for minutes; with dozens of fixtures per run they
            // reached the cluster's connection limit and a later test's request failed ("too many clients").
            foreach (var connection in new[] { _connection, OneWindow.Storage.StorageSetup.WithPostgresDefaults(_connection) })
            {
                using var pooled = new Npgsql.NpgsqlConnection(connection);
                Npgsql.NpgsqlConnection.ClearPool(pooled);
            }
        }
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        GC.SuppressFinalize(this);
    }

    protected bool Kestrel => _kestrel;
}

/// <summary>The platform on SQLite (a fresh file per fixture).</summary>
public sealed class SqliteApp : OneWindowApp
{
    public override string Provider => "sqlite";
}

/// <summary>The platform on PostgreSQL (a fresh database in the run's throwaway cluster).</summary>
public sealed class PostgresApp : OneWindowApp
{
    public override string Provider => "postgres";
}

/// <summary>The platform on SQLite, delivering webhooks quickly to loopback test servers.</summary>
public sealed class WebhookSqliteApp : OneWindowApp
{
    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookSettings.Apply(builder);
    }
}

/// <summary>The platform on PostgreSQL, delivering webhooks quickly to loopback test servers.</summary>
public sealed class WebhookPostgresApp : OneWindowApp
{
    public override string Provider => "postgres";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookSettings.Apply(builder);
    }
}

/// <summary>Short waits, so retries, timeouts and expired leases happen within a test.</summary>
public static class WebhookSettings
{
    public static void Apply(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Webhooks:AllowLoopbackHttp", "true");
        builder.UseSetting("Webhooks:PollInterval", "00:00:00.100");
        builder.UseSetting("Webhooks:FirstRetryDelay", "00:00:00.100");
        builder.UseSetting("Webhooks:MaxRetryDelay", "00:00:00.400");
        builder.UseSetting("Webhooks:MaxAttempts", "3");
        builder.UseSetting("Webhooks:Timeout", "00:00:00.500");
        builder.UseSetting("Webhooks:Lease", "00:00:02");
    }
}

/// <summary>
/// The platform sending notifications quickly to an SMTP server and an SMS provider on loopback (both real servers of
/// the tests; the SMTP server listens only once a test starts it).
/// </summary>
public abstract class NotifyingApp : OneWindowApp
{
    public MailCatcher Mail { get; } = new();

    public SmsGateway Sms { get; private set; } = null!;

    protected override async Task<(string? Connection, string? Skip)> CreateDatabaseAsync()
    {
        Sms = await SmsGateway.StartAsync();
        return await base.CreateDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Notifications:SmtpHost", "127.0.0.1");
        builder.UseSetting("Notifications:SmtpPort", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:SmtpTls", "false");
        builder.UseSetting("Notifications:SmsUrl", Sms.Url.ToString());
        builder.UseSetting("Notifications:SmsApiKey", SmsGateway.ApiKey);
        builder.UseSetting("Notifications:PollInterval", "00:00:00.100");
        builder.UseSetting("Notifications:FirstRetryDelay", "00:00:00.100");
        builder.UseSetting("Notifications:MaxRetryDelay", "00:00:00.400");
        builder.UseSetting("Notifications:Timeout", "00:00:02");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        if (Sms is not null)
        {
            await Sms.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class NotifyingSqliteApp : NotifyingApp
{
    public override string Provider => "sqlite";
}

public sealed class NotifyingPostgresApp : NotifyingApp
{
    public override string Provider => "postgres";
}
