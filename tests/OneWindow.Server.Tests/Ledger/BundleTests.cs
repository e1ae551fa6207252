using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>
/// Entries live in bundles of 256 (C2SP tlog-tiles entry bundles): a log of several bundles and a
/// partial last one is written, served and verified whole, and a database from before bundles is
/// migrated without losing an entry.
/// </summary>
public abstract class BundleTests(OneWindowApp app)
{
    private const int Size = 4700; // 18 full bundles and 92 entries; more than one verifier batch

    private async Task PrepareAsync()
    {
        if (!await LedgerTestKit.FillToAsync(app, Size))
        {
            return;
        }
        using var client = app.Client();
        await LedgerTestKit.SthAsync(client);
    }

    [Fact]
    public async Task Entries_are_stored_256_to_a_bundle_with_a_partial_last_one()
    {
        await PrepareAsync();

        var bundles = await app.WithDbAsync(db => db.LedgerBundles.OrderBy(b => b.Index).Select(b => b.Data).ToListAsync());

        Assert.Equal((Size + 255) / 256, bundles.Count);
        Assert.All(bundles[..^1], b => Assert.Equal(256, EntryBundle.Split(b).Count));
        Assert.Equal(Size % 256, EntryBundle.Split(bundles[^1]).Count);
    }

    [Fact]
    public async Task The_whole_log_verifies_from_the_database_and_over_http()
    {
        await PrepareAsync();

        var local = await app.CliAsync("ledger", "verify", "--db");
        var remote = await app.CliAsync("ledger", "verify", "--log", "http://localhost");

        Assert.True(local.ExitCode == 0, local.Err);
        Assert.Contains($"{Size} entries", local.Out, StringComparison.Ordinal);
        Assert.True(remote.ExitCode == 0, remote.Err);
    }

    [Fact]
    public async Task A_page_of_entries_across_a_bundle_boundary_is_served_in_order()
    {
        await PrepareAsync();
        using var client = app.Client();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/ledger/entries?start=250&end=262");

        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(250, 13).Select(i => (long)i), entries.Select(e => e.GetProperty("leaf_index").GetInt64()));
        Assert.All(entries, e => Assert.Equal(
            e.GetProperty("leaf_hash").GetString(),
            Convert.ToBase64String(Merkle.LeafHash(Convert.FromBase64String(e.GetProperty("leaf_input").GetString()!)))));
    }

    [Fact]
    public async Task A_database_from_before_bundles_keeps_every_entry_when_migrated()
    {
        var connection = await FreshDatabaseAsync();
        await using var services = app.CoreServices(connection);
        var inputs = Enumerable.Range(0, 600).Select(i => System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i},\"text\":\"证明 {new string('x', i % 200)}\"}}")).ToList();
        inputs[7] = [];
        inputs[8] = [0x00, 0xff, 0x00, 0x7f];
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var before = db.Database.GetMigrations().Single(m => m.EndsWith("_LedgerWithoutSubjectIndex", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(before);
            for (var i = 0; i < inputs.Count; i++)
            {
                var hash = Merkle.LeafHash(inputs[i]);
                await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO ledger_entries (idx, leaf_hash, input, type, subject) VALUES ({(long)i}, {hash}, {inputs[i]}, {"test"}, {"s"})");
            }
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            await db.Database.MigrateAsync();

            var entries = await new LedgerReader(db).EntriesAsync(0, long.MaxValue, default);

            Assert.Equal(inputs.Count, entries.Count);
            for (var i = 0; i < inputs.Count; i++)
            {
                Assert.Equal(inputs[i], entries[i].Input);
                Assert.Equal(Merkle.LeafHash(inputs[i]), entries[i].LeafHash);
            }
            Assert.Equal(3, await db.LedgerBundles.CountAsync());
        }
    }

    private async Task<string> FreshDatabaseAsync()
    {
        if (app.Provider == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("onewindow-bundles-");
            return $"Data Source={Path.Combine(directory.FullName, "old.db")}";
        }
        var cluster = await PostgresCluster.SharedAsync();
        cluster.SkipIfUnavailable();
        return await cluster.CreateDatabaseAsync();
    }
}

public sealed class BundleTestsOnSqlite(SqliteApp app) : BundleTests(app), IClassFixture<SqliteApp>;

public sealed class BundleTestsOnPostgres(PostgresApp app) : BundleTests(app), IClassFixture<PostgresApp>;
