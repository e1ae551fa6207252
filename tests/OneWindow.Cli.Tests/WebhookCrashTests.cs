using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Departments;
using OneWindow.Testing;

namespace OneWindow.Cli.Tests;

/// <summary>
/// The webhook outbox across real processes: a server is killed with SIGKILL while it delivers to a slow
/// department system; two fresh server processes then deliver together. Every task's message arrives; only
/// what the killed process had in flight may arrive twice (the receiver drops the repeated webhook-id); none is lost.
/// </summary>
public abstract class WebhookCrashTests(CliDatabase database)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks__AllowLoopbackHttp"] = "true",
        ["Webhooks__PollInterval"] = "00:00:00.200",
        // A timeout would be a second source of repeats (the department got it, the answer came too late); on a
        // loaded machine 2 s is not enough, so the only repeats left are what the killed process held.
        ["Webhooks__Timeout"] = "00:00:10",
        ["Webhooks__Lease"] = "00:00:12",
        ["Webhooks__FirstRetryDelay"] = "00:00:00.200",
        ["Webhooks__MaxRetryDelay"] = "00:00:01",
        ["Webhooks__MaxAttempts"] = "1000",
        ["Webhooks__Parallelism"] = "2",
        ["Webhooks__BatchSize"] = "4",
    };

    [Fact]
    public async Task Kill_minus_9_while_delivering_loses_no_message_and_two_processes_finish_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.RunAsync("db", "migrate"); // also skips when the provider is missing
        await using var system = await DepartmentSystem.StartAsync();
        system.Latency = TimeSpan.FromMilliseconds(150);
        var log = new StrongBox<long>(0);
        const int Cases = 60;
        var inFlightAtKill = 0;

        var port = ServerProcesses.FreePort();
        using (var first = ServerProcesses.Start(database, port, log, Settings))
        {
            try
            {
                var address = new Uri($"http://127.0.0.1:{port}");
                await ServerProcesses.WaitForHealthAsync(address, ct);
                using var admin = await ServerProcesses.SignInAsync(address, "village-admin", ct);
                var unit = (await admin.GetFromJsonAsync<JsonElement>("/api/me", ct)).GetProperty("unitId").GetGuid();
                var registered = await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = system.Url, rotateSecret = true }, ct);
                Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync(ct));
                system.Trust((await registered.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("secret").GetString()!);

                // While the cases are filed the department answers 503, so their messages wait in the outbox (retried
                // with backoff); then it answers, slowly, and the server is killed part-way through the deliveries.
                system.Answer = () => 503;
                using var resident = await ServerProcesses.SignInAsync(address, "130123198806121238", ct);
                await Parallel.ForAsync(0, Cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
                {
                    var filed = await resident.PostAsJsonAsync("/api/cases", new
                    {
                        itemCode = "CERT-RESIDENCE",
                        divisionCode = "130123100201",
                        fields = new { purpose = "孩子入学", recipient = $"正定县第{i + 1}小学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
                    }, token);
                    Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync(token));
                });
                system.Answer = () => 200;
                var deadline = Stopwatch.StartNew();
                while (system.Received.Count < 8 && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(5, ct);
                }
                first.Kill(entireProcessTree: true); // SIGKILL in the middle of the deliveries
                await first.WaitForExitAsync(ct);
            }
            finally
            {
                if (!first.HasExited)
                {
                    first.Kill(entireProcessTree: true);
                }
            }
        }
        var beforeRestart = system.Received.Count;
        Assert.True(beforeRestart is >= 8 and < Cases, $"{beforeRestart} of {Cases} delivered when the server was killed");
        await using (var provider = database.Services())
        await using (var scope = provider.CreateAsyncScope())
        {
            inFlightAtKill = await scope.ServiceProvider.GetRequiredService<OneWindowDb>().WebhookMessages.CountAsync(m => m.LeasedBy != null, ct);
        }

        // Two new processes deliver what is left, together.
        var ports = new[] { ServerProcesses.FreePort(), ServerProcesses.FreePort() };
        var processes = ports.Select(p => ServerProcesses.Start(database, p, log, Settings)).ToList();
        try
        {
            foreach (var p in ports)
            {
                await ServerProcesses.WaitForHealthAsync(new Uri($"http://127.0.0.1:{p}"), ct);
            }
            await using var provider = database.Services();
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(90))
            {
                await using var scope = provider.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<OneWindowDb>().WebhookMessages.AnyAsync(m => m.State != WebhookState.Delivered, ct))
                {
                    break;
                }
                await Task.Delay(200, ct);
            }
            await using (var scope = provider.CreateAsyncScope())
            {
                var messages = await scope.ServiceProvider.GetRequiredService<OneWindowDb>().WebhookMessages.AsNoTracking().ToListAsync(ct);
                Assert.Equal(Cases, messages.Count);
                Assert.All(messages, m => Assert.Equal(WebhookState.Delivered, m.State));
                var received = system.Received.Select(r => r.Id).ToList();
                Assert.Equal(messages.Select(m => m.Id).Order(), received.Distinct().Order()); // none lost, nothing else
                Assert.True(received.Count - Cases <= inFlightAtKill, $"{received.Count - Cases} repeats, but only {inFlightAtKill} were held when the server was killed");
            }
            Assert.Equal(0, system.BadSignatures);
            Assert.True(log.Value < 200_000, $"the servers wrote {log.Value} bytes of log");
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(ct);
                p.Dispose();
            }
        }
    }
}

public sealed class WebhookCrashTestsOnSqlite(SqliteCliDatabase database) : WebhookCrashTests(database), IClassFixture<SqliteCliDatabase>;

public sealed class WebhookCrashTestsOnPostgres(PostgresCliDatabase database) : WebhookCrashTests(database), IClassFixture<PostgresCliDatabase>;
