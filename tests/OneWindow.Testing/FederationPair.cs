using Microsoft.EntityFrameworkCore;
using Xunit;

namespace OneWindow.Testing;

/// <summary>
/// Two regions' platforms on loopback, each with its own database and ledger: A (广西, 45) where the person lives and
/// applies, B (河北, 13) whose village the matter belongs to. Each pins the other's keys at start.
/// </summary>
public abstract class FederationPair : IAsyncLifetime
{
    public const string RegionA = "45";
    public const string RegionB = "13";

    protected abstract string ProviderA { get; }

    protected abstract string ProviderB { get; }

    public FederatedApp A { get; private set; } = null!;

    public FederatedApp B { get; private set; } = null!;

    public string? SkipReason => A.SkipReason ?? B.SkipReason;

    public async ValueTask InitializeAsync()
    {
        var (portA, portB) = (FederatedApp.FreePort(), FederatedApp.FreePort());
        B = new FederatedApp(ProviderB, RegionB, portB, RegionA, portA);
        A = new FederatedApp(ProviderA, RegionA, portA, RegionB, portB);
        await B.InitializeAsync();
        await A.InitializeAsync();
        if (SkipReason is null)
        {
            await PinnedAsync();
        }
    }

    /// <summary>Waits until each side pinned the other's keys (the deliverers fetch them at start).</summary>
    public async Task PinnedAsync()
    {
        await Eventually.Async(async () => await A.WithDbAsync(db => db.PeerKeys.AnyAsync(k => k.Region == RegionB)) && await B.WithDbAsync(db => db.PeerKeys.AnyAsync(k => k.Region == RegionA)),
            "both platforms pinned each other's keys");
    }

    /// <summary>Stops B's server (its database stays) and returns B as it will start again on it.</summary>
    public async Task<FederatedApp> StopBAsync()
    {
        var again = B.Again();
        await B.DisposeAsync();
        return again;
    }

    public async Task StartBAsync(FederatedApp again)
    {
        ArgumentNullException.ThrowIfNull(again);
        B = again;
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var sqliteFiles = new[] { A, B }.Where(a => a.Provider == "sqlite" && a.SkipReason is null).Select(a => a.ConnectionString).ToList();
        await A.DisposeAsync();
        await B.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var connection in sqliteFiles)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
            try
            {
                Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>A on SQLite, B on PostgreSQL.</summary>
public sealed class SqliteToPostgresPair : FederationPair
{
    protected override string ProviderA => "sqlite";

    protected override string ProviderB => "postgres";
}

/// <summary>A on PostgreSQL, B on SQLite.</summary>
public sealed class PostgresToSqlitePair : FederationPair
{
    protected override string ProviderA => "postgres";

    protected override string ProviderB => "sqlite";
}

public static class Eventually
{
    public static async Task Async(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(seconds), $"not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
