using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Departments;
using OneWindow.Testing;

namespace OneWindow.Benchmarks;

/// <summary>
/// Webhook delivery to departments' systems, against a server in another process:
/// <c>webhooks --url URL --provider sqlite|postgres --db CONN [--endpoints 5] [--messages 20000] [--rate 100] [--seconds 10]</c>.
/// Five department systems (real HTTP servers on loopback in this process, each checking every signature) are
/// registered for five units through the API. Throughput: <c>--messages</c> messages are put in the outbox at
/// once (directly in the database, round robin over the units) and the time until the last one has arrived is
/// taken. Latency: residence certificates are then filed through the API at <c>--rate</c> per second for
/// <c>--seconds</c>; each task's message is staged in the case's transaction, and the time from staging (the
/// time in its id) to its arrival at the department is taken.
/// </summary>
public static class WebhookLoad
{
    private const string Password = "OneWindow#2026";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var endpoints = int.Parse(Arg("--endpoints", "5"), CultureInfo.InvariantCulture);
        var messages = int.Parse(Arg("--messages", "20000"), CultureInfo.InvariantCulture);
        var rate = int.Parse(Arg("--rate", "100"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
        await using var services = Services(Arg("--provider", "sqlite"), Arg("--db", ""));

        using var admin = await SignInAsync(url, "admin");
        using var villageAdmin = await SignInAsync(url, "village-admin");
        var village = (await villageAdmin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("unitId").GetGuid();
        List<Guid> units;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            units = [village, .. await db.Units.AsNoTracking().Where(u => u.Id != village).OrderBy(u => u.Id).Select(u => u.Id).Take(endpoints - 1).ToListAsync()];
        }
        var systems = new List<DepartmentSystem>();
        for (var i = 0; i < units.Count; i++)
        {
            var system = await DepartmentSystem.StartAsync();
            var response = await admin.PutAsJsonAsync($"/api/units/{units[i]}/endpoint", new { url = system.Url, rotateSecret = true });
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Console.Error.WriteLine($"registering an endpoint failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()} (is Webhooks:AllowLoopbackHttp on?)");
                return 1;
            }
            system.Trust((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
            systems.Add(system);
        }
        try
        {
            // Throughput: a backlog in the outbox, drained to the five systems.
            Console.Error.WriteLine($"putting {messages} messages for {units.Count} units in the outbox");
            var payload = JsonSerializer.Serialize(new { type = "task.queued", timestamp = TimeProvider.System.GetUtcNow(), data = new { fields = Enumerable.Range(0, 12).ToDictionary(i => $"field{i}", i => new string('字', 20)) } });
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
                var now = TimeProvider.System.GetUtcNow();
                db.WebhookMessages.AddRange(Enumerable.Range(0, messages).Select(i => new WebhookMessage
                {
                    Id = "msg_" + Guid.CreateVersion7(now).ToString("N"),
                    UnitId = units[i % units.Count],
                    TaskId = Guid.CreateVersion7(),
                    ApplicationId = Guid.CreateVersion7(),
                    Type = "task.queued",
                    Payload = payload,
                    CreatedAt = now.ToUnixTimeMilliseconds(),
                    DueAt = now.ToUnixTimeMilliseconds(),
                }));
                await db.SaveChangesAsync();
            }
            var started = Stopwatch.StartNew();
            while (systems.Sum(s => s.Received.Count) < messages && started.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(20);
            }
            var drained = started.Elapsed.TotalSeconds;
            var delivered = systems.Sum(s => s.Received.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"webhook backlog: {delivered} of {messages} messages to {units.Count} endpoints in {drained:F1} s = {delivered / drained:F0}/s (includes up to one poll interval before the first claim); bad signatures {systems.Sum(s => s.BadSignatures)}"));

            // Latency: cases filed at a steady rate; each message from its staging to its arrival (after 3 s of the same, not counted).
            using var resident = await SignInAsync(url, "130123198806121238");
            Console.Error.WriteLine($"warming up: filing residence certificates at {rate}/s for 3 s");
            await FileAtRateAsync(resident, rate, 3);
            await Task.Delay(1000);
            foreach (var system in systems)
            {
                system.Arrivals.Clear();
            }
            Console.Error.WriteLine($"filing residence certificates at {rate}/s for {seconds} s");
            var filed = await FileAtRateAsync(resident, rate, seconds);
            var wait = Stopwatch.StartNew();
            while (systems[0].Arrivals.Count < filed && wait.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }
            var latencies = systems[0].Arrivals.Select(a => (a.At - WebhookMessage.StagedAt(a.Id)!.Value).TotalMilliseconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"webhook latency (staged with the task -> arrived), {latencies.Length} of {filed} cases at {rate}/s: p50 {P(latencies, 0.5):F1} ms, p95 {P(latencies, 0.95):F1} ms, p99 {P(latencies, 0.99):F1} ms, max {(latencies.Length > 0 ? latencies[^1] : 0):F1} ms"));
            return 0;
        }
        finally
        {
            foreach (var system in systems)
            {
                await system.DisposeAsync();
            }
        }
    }

    /// <summary>Files residence certificates at <paramref name="rate"/> per second for <paramref name="seconds"/>; returns how many.</summary>
    private static async Task<int> FileAtRateAsync(HttpClient resident, int rate, int seconds)
    {
        var filing = Stopwatch.StartNew();
        var filed = 0;
        var pending = new List<Task<HttpResponseMessage>>();
        while (filing.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var due = TimeSpan.FromSeconds((double)filed / rate);
            if (filing.Elapsed < due)
            {
                await Task.Delay(due - filing.Elapsed);
            }
            filed++;
            pending.Add(resident.PostAsJsonAsync("/api/cases", new
            {
                itemCode = "CERT-RESIDENCE",
                divisionCode = "130123100201",
                fields = new { purpose = "孩子入学", recipient = $"正定县第{Guid.NewGuid():N}小学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
            }));
        }
        foreach (var response in await Task.WhenAll(pending))
        {
            response.Dispose();
        }
        return filed;
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static ServiceProvider Services(string provider, string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:OneWindow"] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddOneWindowCore();
        return services.BuildServiceProvider();
    }

    private static async Task<HttpClient> SignInAsync(Uri url, string account)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 64 }) { BaseAddress = url };
        (await client.PostAsJsonAsync("/api/auth/login", new { account, password = Password })).EnsureSuccessStatusCode();
        return client;
    }
}
