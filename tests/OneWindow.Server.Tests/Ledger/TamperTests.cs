using Microsoft.EntityFrameworkCore;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>An entry changed behind the log's back, straight in the database, is caught by verify.</summary>
public abstract class TamperTests(OneWindowApp app)
{
    private async Task PrepareAsync()
    {
        if (!await LedgerTestKit.FillToAsync(app, 60))
        {
            return;
        }
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
        var original = await BundleAsync(0);
        var forged = Rewrite(original, 17, input => input.Replace("writer-", "WRITER-", StringComparison.Ordinal));
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {forged} WHERE idx = 0"));

            var local = await app.CliAsync("ledger", "verify", "--db");
            var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

            Assert.Equal(1, local.ExitCode);
            Assert.Contains("INVALID at index 17", local.Err, StringComparison.Ordinal);
            Assert.Equal(1, remote.ExitCode);
            Assert.Contains("INVALID at index 17", remote.Err, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {original} WHERE idx = 0"));
        }
    }

    [Fact]
    public async Task Rewriting_an_entry_and_its_stored_hash_together_is_still_caught_and_located()
    {
        await PrepareAsync();
        var bundle = await BundleAsync(0);
        var hash = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Index == 41).Select(e => e.LeafHash).SingleAsync());
        var forgedBundle = Rewrite(bundle, 41, input => input.Replace("证明", "伪造", StringComparison.Ordinal));
        var forgedHash = OneWindow.Ledger.Merkle.LeafHash(Entry(forgedBundle, 41));
        try
        {
            await app.WithDbAsync(async db =>
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {forgedBundle} WHERE idx = 0");
                return await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET leaf_hash = {forgedHash} WHERE idx = 41");
            });

            var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

            Assert.Equal(1, remote.ExitCode);
            Assert.Contains("INVALID at index 41", remote.Err, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {bundle} WHERE idx = 0");
                return await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_entries SET leaf_hash = {hash} WHERE idx = 41");
            });
        }
    }

    [Fact]
    public async Task A_truncated_entry_bundle_fails_verification_with_a_clear_message()
    {
        await PrepareAsync();
        var original = await BundleAsync(0);
        var truncated = original[..^3];
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {truncated} WHERE idx = 0"));

            var local = await app.CliAsync("ledger", "verify", "--db");

            Assert.NotEqual(0, local.ExitCode);
            Assert.Contains("entry bundle 0 is malformed", local.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", local.Err, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE ledger_bundles SET data = {original} WHERE idx = 0"));
        }
    }

    private Task<byte[]> BundleAsync(long number) =>
        app.WithDbAsync(db => db.LedgerBundles.Where(b => b.Index == number).Select(b => b.Data).SingleAsync());

    private static byte[] Entry(byte[] bundle, int index)
    {
        var (offset, length) = EntryBundle.Split(bundle)[index];
        return bundle[offset..(offset + length)];
    }

    /// <summary>The bundle with entry <paramref name="index"/> changed as text.</summary>
    private static byte[] Rewrite(byte[] bundle, int index, Func<string, string> change)
    {
        var rebuilt = new System.Buffers.ArrayBufferWriter<byte>();
        for (var i = 0; i < EntryBundle.Split(bundle).Count; i++)
        {
            var entry = Entry(bundle, i);
            EntryBundle.Append(rebuilt, i == index ? System.Text.Encoding.UTF8.GetBytes(change(System.Text.Encoding.UTF8.GetString(entry))) : entry);
        }
        var forged = rebuilt.WrittenSpan.ToArray();
        Assert.NotEqual(bundle, forged);
        return forged;
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
