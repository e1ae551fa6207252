using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Ledger;

namespace OneWindow.Cli.Tests;

/// <summary>
/// A real server process is killed with SIGKILL while 16 reviewers approve at once. Afterwards every
/// certificate has its ledger entry (in the log or still in the outbox), no entry lacks a certificate,
/// and once a sequencer runs again the audit finds the ledger and the database in full agreement.
/// </summary>
public abstract class ApprovalCrashTests(CliDatabase database)
{
    [Fact]
    public async Task Kill_minus_9_during_concurrent_approvals_leaves_no_orphan_and_no_certificate_without_its_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.RunAsync("db", "migrate"); // also skips when the provider is missing
        var port = ServerProcesses.FreePort();
        var log = new StrongBox<long>(0);
        var approved = new ConcurrentBag<string>();
        using (var process = ServerProcesses.Start(database, port, log))
        {
            try
            {
                var baseAddress = new Uri($"http://127.0.0.1:{port}");
                await ServerProcesses.WaitForHealthAsync(baseAddress, ct);
                using var resident = await ServerProcesses.SignInAsync(baseAddress, "130123198806121238", ct);
                using var reviewer = await ServerProcesses.SignInAsync(baseAddress, "village-reviewer", ct);
                var applications = new ConcurrentQueue<string>();
                await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
                {
                    var response = await resident.PostAsJsonAsync("/api/applications", new
                    {
                        itemCode = "CERT-RESIDENCE",
                        divisionCode = "130123100201",
                        // A different school each time: the same answers twice would be one matter, refused while in progress.
                        fields = new { purpose = "孩子入学", recipient = $"正定县第{i + 1}小学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
                    }, token);
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    applications.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("id").GetString()!);
                });

                // 16 reviewers' requests at once; every application is approved twice to make races.
                var work = new ConcurrentQueue<string>(applications.SelectMany(a => new[] { a, a }));
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested && work.TryDequeue(out var id))
                    {
                        try
                        {
                            using var response = await reviewer.PostAsync($"/api/applications/{id}/approve", null, stop.Token);
                            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(stop.Token)}");
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                approved.Add(id);
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Net.Sockets.SocketException or IOException)
                        {
                            return; // the server is gone (a connection being made as it died fails at the socket itself)
                        }
                    }
                }, ct)).ToList();
                var deadline = Stopwatch.StartNew();
                while (approved.Count < 100 && deadline.Elapsed < TimeSpan.FromSeconds(60) && workers.Any(w => !w.IsCompleted))
                {
                    await Task.Delay(5, ct);
                }
                process.Kill(entireProcessTree: true); // SIGKILL in the middle of the approvals
                await process.WaitForExitAsync(ct);
                await stop.CancelAsync();
                await Task.WhenAll(workers);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        Assert.True(approved.Count >= 100, $"only {approved.Count} approvals before the deadline");

        await using var provider = database.Services();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var afterCrash = await AuditLedger.RunAsync(db, ct);
            Assert.True(afterCrash.Consistent, string.Join("\n", afterCrash.Findings));
            var approvedInDb = await db.ApplicationTasks.CountAsync(t => t.State == TaskState.Approved, ct);
            Assert.Equal(approvedInDb, afterCrash.Certificates);
            Assert.True(afterCrash.Certificates >= approved.Count); // every acknowledged approval, and perhaps some unacknowledged ones
            Assert.Equal(afterCrash.Certificates, afterCrash.IssuedEntries + afterCrash.Pending);
            Assert.True(log.Value < 200_000, $"the server wrote {log.Value} bytes of log for one crash run");
        }

        // A sequencer (here the CLI's, as a restarted server's would) drains what the crash left in the outbox.
        provider.GetRequiredService<LedgerWriter>().Wake();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            for (var i = 0; i < 200 && await db.LedgerOutbox.AnyAsync(ct); i++)
            {
                await Task.Delay(50, ct);
            }
        }
        var audit = await database.RunAsync("ledger", "audit");
        Assert.True(audit.ExitCode == 0, audit.Out + audit.Err);
        Assert.Contains("waiting in the outbox 0", audit.Out, StringComparison.Ordinal);
        Assert.Contains("CONSISTENT", audit.Out, StringComparison.Ordinal);
    }
}

public sealed class ApprovalCrashTestsOnSqlite(SqliteCliDatabase database) : ApprovalCrashTests(database), IClassFixture<SqliteCliDatabase>;

public sealed class ApprovalCrashTestsOnPostgres(PostgresCliDatabase database) : ApprovalCrashTests(database), IClassFixture<PostgresCliDatabase>;
