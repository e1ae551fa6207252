using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>Departments' witnesses cosign honest growth and raise the alarm on a rewritten log.</summary>
public abstract class WitnessTests(OneWindowApp app) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("onewindow-witness-");

    public void Dispose()
    {
        _work.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_witness_cosigns_consistent_growth_and_refuses_a_rewritten_log()
    {
        using var admin = await app.SignedInAsync("admin");
        var keyFile = Path.Combine(_work.FullName, "witness.key");
        var state = Path.Combine(_work.FullName, "state");
        var created = await app.CliAsync("ledger", "witness-key", "--name", "health.hebei.example/witness", "--out", keyFile);
        var vkey = created.Out.Trim();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/ledger/witnesses", new { name = "health.hebei.example/witness", verifierKey = vkey })).StatusCode);

        await LedgerTestKit.AppendAsync(app, 40);
        using var client = app.Client();
        var (firstSize, _, _, _) = await LedgerTestKit.SthAsync(client);
        var first = await app.CliAsync("ledger", "witness", "--log", "http://localhost", "--key", keyFile, "--state", state);
        await LedgerTestKit.AppendAsync(app, 25);
        var (secondSize, _, _, _) = await LedgerTestKit.SthAsync(client);
        var second = await app.CliAsync("ledger", "witness", "--log", "http://localhost", "--key", keyFile, "--state", state);
        var verified = await app.CliAsync("ledger", "verify", "--log", "http://localhost", "--witness", vkey, "--quorum", "1");

        Assert.True(first.ExitCode == 0, first.Err);
        Assert.Contains("first checkpoint seen", first.Out, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Err);
        Assert.Contains($"consistent with {firstSize}", second.Out, StringComparison.Ordinal);
        Assert.True(verified.ExitCode == 0, verified.Err + verified.Out);
        Assert.Contains("cosigned by 1 of 1", verified.Out, StringComparison.Ordinal);

        // The operator rewrites history: the whole log is replaced by a longer, different one.
        await app.WithDbAsync(async db =>
        {
            await db.LedgerCosignatures.ExecuteDeleteAsync();
            await db.LedgerCheckpoints.ExecuteDeleteAsync();
            await db.LedgerNodes.ExecuteDeleteAsync();
            await db.LedgerEntries.ExecuteDeleteAsync();
            return await db.LedgerStates.ExecuteDeleteAsync();
        });
        app.Services.GetRequiredService<LedgerWriter>().Reset();
        await LedgerTestKit.AppendAsync(app, (int)secondSize + 30, type: "forged.event");

        var alarm = await app.CliAsync("ledger", "witness", "--log", "http://localhost", "--key", keyFile, "--state", state);

        Assert.Equal(1, alarm.ExitCode);
        Assert.Contains("ALARM", alarm.Err, StringComparison.Ordinal);
        Assert.Contains("NOT consistent", alarm.Err, StringComparison.Ordinal);
        var evidence = Directory.GetDirectories(state, "evidence-*").Single();
        Assert.True(File.Exists(Path.Combine(evidence, "previous-checkpoint")));
        Assert.True(File.Exists(Path.Combine(evidence, "received-checkpoint")));
        Assert.True(File.Exists(Path.Combine(evidence, "consistency-proof.json")));
        Assert.Contains($"\n{secondSize}\n", await File.ReadAllTextAsync(Path.Combine(state, "checkpoint")), StringComparison.Ordinal);
        var quorum = await app.CliAsync("ledger", "verify", "--log", "http://localhost", "--witness", vkey);
        Assert.Equal(1, quorum.ExitCode); // nobody trusted cosigned the forged head
    }

    [Fact]
    public async Task A_witness_refuses_a_checkpoint_signed_by_another_key()
    {
        var keyFile = Path.Combine(_work.FullName, "w2.key");
        await app.CliAsync("ledger", "witness-key", "--name", "police.hebei.example/witness", "--out", keyFile);
        await LedgerTestKit.AppendAsync(app, 3, writers: 1);
        var impostor = new NoteKey(Guid.NewGuid().ToString("N"), NoteKey.Ed25519Note, Ed25519.Generate().PublicKey);

        var result = await app.CliAsync("ledger", "witness", "--log", "http://localhost", "--key", keyFile, "--state", Path.Combine(_work.FullName, "s2"), "--log-key", impostor.ToVerifierKey());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not signed by the log's key", result.Err, StringComparison.Ordinal);
    }
}

public sealed class WitnessTestsOnSqlite(SqliteApp app) : WitnessTests(app), IClassFixture<SqliteApp>;

public sealed class WitnessTestsOnPostgres(PostgresApp app) : WitnessTests(app), IClassFixture<PostgresApp>;
