using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace OneWindow.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb in a temp directory, a free port on
/// 127.0.0.1, stopped and removed afterwards. Where no server binaries exist, tests that need it skip —
/// unless ONEWINDOW_REQUIRE_POSTGRES=1, when they fail.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static PostgresCluster? s_shared;

    private string? _directory;
    private string? _bin;
    private int _port;

    public string? SkipReason { get; private set; }

    /// <summary>Keep PostgreSQL's durability settings (fsync, synchronous commit) as shipped: for benchmarks.</summary>
    public bool Durable { get; init; }

    public static bool Required => Environment.GetEnvironmentVariable("ONEWINDOW_REQUIRE_POSTGRES") == "1";

    /// <summary>The one cluster of this test process, started on first use.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (s_shared is null)
            {
                var cluster = new PostgresCluster();
                await cluster.InitializeAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
                s_shared = cluster;
            }
            return s_shared;
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>Skips the calling test when there is no PostgreSQL (or fails it when one is required).</summary>
    public void SkipIfUnavailable()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_bin is null)
        {
            SkipReason = "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)";
            if (Required)
            {
                throw new InvalidOperationException($"ONEWINDOW_REQUIRE_POSTGRES=1 but {SkipReason}");
            }
            return;
        }
        _directory = Directory.CreateTempSubdirectory("onewindow-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _directory]);
        }
        _port = FreePort();
        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"], asRoot);
        var speed = Durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var options = $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=400{speed}";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(_directory, "server.log"), "-w", "start"], asRoot);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "ow_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Include Error Detail=true";

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_directory is null || _bin is null)
        {
            return;
        }
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], Environment.UserName == "root").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        _directory = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr} {await stdout}");
        }
    }
}
