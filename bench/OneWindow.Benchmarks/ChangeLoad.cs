using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Departments;
using OneWindow.Formats;
using OneWindow.Testing;

namespace OneWindow.Benchmarks;

/// <summary>
/// Change propagation to five subscribers, against a server in another process:
/// <c>changes --url URL [--writers 8] [--seconds 10]</c>. Five department systems (real HTTP servers on loopback in
/// this process, each checking every signature) are registered for the police, tax, human-resources, housing-fund
/// and bank units, each given a grant on <c>market.enterprise</c> by the city's market regulator and subscribed to
/// the legal representative. Then <c>--writers</c> sessions of the county market regulator write new legal
/// representatives for a pool of enterprises through the API for <c>--seconds</c>; every write is one event per
/// subscriber. Reported: writes per second, events delivered per second (from the first write to the last
/// arrival), and each event's latency from staging (the time in its id) to its arrival.
/// </summary>
public static class ChangeLoad
{
    private static readonly string[] Subscribers = ["正定县公安局", "国家税务总局正定县税务局", "正定县人力资源和社会保障局", "石家庄住房公积金管理中心", "河北正定农村商业银行"];

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var writers = int.Parse(Arg("--writers", "8"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
        using var admin = await ApprovalLoad.SignInAsync(url, "admin");
        using var decider = await ApprovalLoad.SignInAsync(url, "city-market-admin");
        var units = (await admin.GetFromJsonAsync<JsonElement>("/api/units")).EnumerateArray()
            .ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("id").GetGuid());
        var systems = new List<DepartmentSystem>();
        foreach (var name in Subscribers)
        {
            var system = await DepartmentSystem.StartAsync();
            systems.Add(system);
            var connected = await admin.PutAsJsonAsync($"/api/units/{units[name]}/endpoint", new { url = system.Url, rotateSecret = true });
            if (connected.StatusCode != HttpStatusCode.OK)
            {
                Console.Error.WriteLine($"registering an endpoint failed: {connected.StatusCode} (is Webhooks:AllowLoopbackHttp on?)");
                return 1;
            }
            system.Trust((await connected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
            var asked = await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = "market.enterprise", consumerUnitId = units[name], fields = new[] { "legalRepresentative" }, purpose = "企业信息变更同步", expiresAt = TimeProvider.System.GetUtcNow().AddYears(1) });
            var grant = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await decider.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant })).EnsureSuccessStatusCode();
        }
        var sessions = new List<HttpClient>();
        for (var i = 0; i < writers; i++)
        {
            sessions.Add(await ApprovalLoad.SignInAsync(url, "county-market-reviewer"));
        }
        var enterprises = Enumerable.Range(1, 1000).Select(i => UnifiedSocialCreditCode.Synthesize('9', '1', "130123", 50_000 + i)).ToArray();
        var writes = 0;
        var failed = 0;
        var started = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"writing changes with {writers} sessions for {seconds} s");
        await Task.WhenAll(sessions.Select(async (session, s) =>
        {
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); n++)
            {
                var subject = enterprises[((s * 125) + (n % 125)) % enterprises.Length]; // each session its own enterprises: no two writers of one subject at once
                using var response = await session.PutAsJsonAsync("/api/data/items/market.enterprise/records", new
                {
                    subject,
                    data = new { name = $"企业{subject[^6..]}", legalRepresentative = $"代表{s}-{n}", address = "正定县中山路1号", registeredCapital = 100000, businessScope = "餐饮服务" },
                });
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref writes);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var written = clock.Elapsed;
        var expected = writes * systems.Count;
        while (systems.Sum(s => s.Arrivals.Count) < expected && clock.Elapsed < written + TimeSpan.FromSeconds(120))
        {
            await Task.Delay(50);
        }
        var arrivals = systems.SelectMany(s => s.Arrivals).ToList();
        var last = arrivals.Count == 0 ? started : arrivals.Max(a => a.At);
        var latencies = arrivals.Select(a => (a.At - WebhookMessage.StagedAt(a.Id)!.Value).TotalMilliseconds).Order().ToArray();
        double P(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        var span = (last - started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"changes written: {writes} in {written.TotalSeconds:F1} s = {writes / written.TotalSeconds:F0}/s with {writers} sessions (non-200: {failed}); events delivered: {arrivals.Count} of {expected} to {systems.Count} subscribers in {span:F1} s = {arrivals.Count / span:F0}/s; staging → arrival p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, p99 {P(0.99):F0} ms; bad signatures: {systems.Sum(s => s.BadSignatures)}"));
        foreach (var session in sessions)
        {
            session.Dispose();
        }
        foreach (var system in systems)
        {
            await system.DisposeAsync();
        }
        return failed == 0 && arrivals.Count == expected ? 0 : 1;
    }
}
