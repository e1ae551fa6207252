using Microsoft.EntityFrameworkCore;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>An entry changed behind the log's back, straight in the database, is caught by verify.</summary>
public abstract class TamperTests(OneWindowApp app)
{
    private async Task PrepareAsync()
    {
        if (await app.WithDbAsync(db => db.LedgerEntries.AnyAsync()))
        {
            return;
        }
        await LedgerTestKit.AppendAsync(app, 60);
        using var client = app.Client();
        await LedgerTestKit.SthAsync(client); // publishes a signed checkpoint over all 60
    }

    [Fact]
    public async Task An_untampered_log_verifies_from_the_database_and_over_http()
    {
        await PrepareAsync();

        var local = await app.CliAsync("ledger", "verify", "--db");
        var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

        Assert.True(local.ExitCode == 0, local.Err);
        Assert.True(remote.ExitCode == 0, remote.Err);
        Assert.Contains("entries/s", remote.Out, StringComparison.Ordinal);
        Assert.Contains("MB/s", remote.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sql_update_of_an_entry_is_caught_and_its_index_named()
    {
        await PrepareAsync();
        var original = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Index == 17).Select(e => e.Input).SingleAsync());
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(original).Replace("writer-", "WRITER-", StringComparison.Ordinal));
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET input = {forged} WHERE idx = 17"));

            var local = await app.CliAsync("ledger", "verify", "--db");
            var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

            Assert.Equal(1, local.ExitCode);
            Assert.Contains("INVALID at index 17", local.Err, StringComparison.Ordinal);
            Assert.Equal(1, remote.ExitCode);
            Assert.Contains("INVALID at index 17", remote.Err, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET input = {original} WHERE idx = 17"));
        }
    }

    [Fact]
    public async Task Rewriting_an_entry_and_its_stored_hash_together_is_still_caught_and_located()
    {
        await PrepareAsync();
        var row = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Index == 41).Select(e => new { e.Input, e.LeafHash }).SingleAsync());
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(row.Input).Replace("证明", "伪造", StringComparison.Ordinal));
        var forgedHash = OneWindow.Ledger.Merkle.LeafHash(forged);
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET input = {forged}, leaf_hash = {forgedHash} WHERE idx = 41"));

            var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

            Assert.Equal(1, remote.ExitCode);
            Assert.Contains("INVALID at index 41", remote.Err, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET input = {row.Input}, leaf_hash = {row.LeafHash} WHERE idx = 41"));
        }
    }

    [Fact]
    public async Task Prove_checks_an_inclusion_proof_by_index_and_by_hash()
    {
        await PrepareAsync();
        var hash = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Index == 9).Select(e => e.LeafHash).SingleAsync());

        var byIndex = await app.CliAsync("ledger", "prove", "9", "--log", "http://localhost");
        var byHash = await app.CliAsync("ledger", "prove", Convert.ToBase64String(hash), "--log", "http://localhost");
        var unknown = await app.CliAsync("ledger", "prove", Convert.ToBase64String(new byte[32]), "--log", "http://localhost");

        Assert.True(byIndex.ExitCode == 0, byIndex.Err);
        Assert.Contains("\"verified\": true", byIndex.Out, StringComparison.Ordinal);
        Assert.True(byHash.ExitCode == 0, byHash.Err);
        Assert.Contains("\"leafIndex\": 9", byHash.Out, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
    }
}

public sealed class TamperTestsOnSqlite(SqliteApp app) : TamperTests(app), IClassFixture<SqliteApp>;

public sealed class TamperTestsOnPostgres(PostgresApp app) : TamperTests(app), IClassFixture<PostgresApp>;
