using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.Cli.Tests;

/// <summary>
/// A real `onewindow ledger append` process with 16 concurrent writers is killed with SIGKILL in the
/// middle of its work; afterwards every append it acknowledged is in the log and the tree is whole.
/// </summary>
public abstract class LedgerCrashTests(CliDatabase database)
{
    private static string CliAssembly() => CliDatabase.BuiltProgram("OneWindow.Cli", "onewindow.dll");

    [Fact]
    public async Task Every_acknowledged_append_survives_kill_minus_9_and_the_tree_stays_consistent()
    {
        await database.RunAsync("db", "migrate"); // also skips when the provider is missing
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliAssembly(), "ledger", "append", "--type", "crash.test", "--subject", "kill-9", "--count", "5000000", "--writers", "16", "--acks" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Storage__Provider"] = database.Provider;
        start.Environment["ConnectionStrings__OneWindow"] = database.Connection;
        start.Environment["Keys__MasterKey"] = database.MasterKey;

        var acked = new List<(long Index, string Hash)>();
        using (var process = Process.Start(start)!)
        {
            var deadline = Stopwatch.StartNew();
            while (acked.Count < 3000 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
                if (line is null)
                {
                    break;
                }
                var parts = line.Split(' ');
                acked.Add((long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]));
            }
            process.Kill(entireProcessTree: true); // SIGKILL: no flush, no cleanup
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        Assert.True(acked.Count >= 3000, $"only {acked.Count} acknowledgements before the deadline");

        await using var provider = database.Services();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var state = await new LedgerReader(db).StateAsync(TestContext.Current.CancellationToken);
        var entries = await new LedgerReader(db).EntriesAsync(0, long.MaxValue, TestContext.Current.CancellationToken);

        Assert.Equal(state.Size, entries.Count);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(e => e.Index));
        var byIndex = entries.ToDictionary(e => e.Index);
        Assert.All(acked, a => Assert.Equal(a.Hash, Convert.ToBase64String(byIndex[a.Index].LeafHash)));
        var frontier = new Frontier();
        foreach (var entry in entries)
        {
            Assert.Equal(Merkle.LeafHash(entry.Input), entry.LeafHash);
            frontier.Append(entry.LeafHash, null);
        }
        Assert.Equal(frontier.Root(), state.Root);
        var reader = new LedgerReader(db);
        foreach (var index in new long[] { 0, 1, state.Size / 3, state.Size / 2, state.Size - 1 })
        {
            var proof = await reader.InclusionProofAsync(index, state.Size, TestContext.Current.CancellationToken);
            Assert.True(Merkle.VerifyInclusion(index, state.Size, byIndex[index].LeafHash, proof, state.Root));
        }

        // The restarted log carries on from where it stopped, and verifies end to end.
        var more = await database.RunAsync("ledger", "append", "--type", "after.restart", "--subject", "s", "--count", "50", "--writers", "4");
        await scope.ServiceProvider.GetRequiredService<LedgerCheckpoints>().LatestAsync(TestContext.Current.CancellationToken);
        var verified = await database.RunAsync("ledger", "verify", "--db");
        Assert.Equal(0, more.ExitCode);
        Assert.True(verified.ExitCode == 0, verified.Err);
        Assert.Contains($"tree size {state.Size + 50}", verified.Out, StringComparison.Ordinal);
    }
}

public sealed class LedgerCrashTestsOnSqlite(SqliteCliDatabase database) : LedgerCrashTests(database), IClassFixture<SqliteCliDatabase>;

public sealed class LedgerCrashTestsOnPostgres(PostgresCliDatabase database) : LedgerCrashTests(database), IClassFixture<PostgresCliDatabase>;
