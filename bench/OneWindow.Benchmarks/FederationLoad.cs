using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// 跨省通办 between two platforms in two other processes, over real HTTP on loopback:
/// <c>federation --a URL --b URL [--cases 100] [--parallel 4] [--burst 1000]</c>. A serves region 45 and B region 13; the
/// demo resident applies at A for a residence certificate from her village in B.
/// Round trip (<c>--cases</c>, <c>--parallel</c> at a time): submit at A → A shows B's case number (the forward
/// delivered, B's case opened and B's first report back) → B's village reviewer approves through B's API → A shows the
/// case completed with the certificate verified; each leg timed by polling A's API every 20 ms (so ±10 ms).
/// Throughput (<c>--burst</c>): that many forwards submitted at A by 8 clients at once; the time until B has received
/// them all (its count of messages received from A) and until A has B's first report for each.
/// </summary>
public static class FederationLoad
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var a = new Uri(Arg("--a", "http://127.0.0.1:5093"));
        var b = new Uri(Arg("--b", "http://127.0.0.1:5094"));
        var cases = int.Parse(Arg("--cases", "100"), CultureInfo.InvariantCulture);
        var parallel = int.Parse(Arg("--parallel", "4"), CultureInfo.InvariantCulture);
        var burst = int.Parse(Arg("--burst", "1000"), CultureInfo.InvariantCulture);

        using var resident = await ApprovalLoad.SignInAsync(a, "130123198806121238");
        using var reviewer = await ApprovalLoad.SignInAsync(b, "village-reviewer");
        using var adminA = await ApprovalLoad.SignInAsync(a, "admin");
        using var adminB = await ApprovalLoad.SignInAsync(b, "admin");
        var started = Stopwatch.StartNew();
        while (await ReceivedAsync(adminA, keys: true) == 0 || await ReceivedAsync(adminB, keys: true) == 0)
        {
            if (started.Elapsed > TimeSpan.FromSeconds(60))
            {
                Console.Error.WriteLine("the two platforms did not pin each other's keys within 60 s (is Federation configured on both?)");
                return 1;
            }
            await Task.Delay(200);
        }

        // Round trips.
        var forward = new List<double>();
        var result = new List<double>();
        var total = new List<double>();
        var next = 0;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) <= cases)
            {
                var t0 = Stopwatch.GetTimestamp();
                var submitted = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = "130123100201", fields = Form() });
                submitted.EnsureSuccessStatusCode();
                var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                JsonElement view;
                while (!(view = await resident.GetFromJsonAsync<JsonElement>($"/api/me/forwarded/{id}")).TryGetProperty("remoteCaseId", out var remote) || remote.ValueKind != JsonValueKind.String)
                {
                    await Task.Delay(Poll);
                }
                var t1 = Stopwatch.GetTimestamp();
                (await reviewer.PostAsync($"/api/applications/{view.GetProperty("remoteCaseId").GetGuid()}/approve", null)).EnsureSuccessStatusCode();
                var t2 = Stopwatch.GetTimestamp();
                while ((await resident.GetFromJsonAsync<JsonElement>($"/api/me/forwarded/{id}")).GetProperty("state").GetString() != "completed")
                {
                    await Task.Delay(Poll);
                }
                var t3 = Stopwatch.GetTimestamp();
                lock (total)
                {
                    forward.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    result.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                    total.Add(Stopwatch.GetElapsedTime(t0, t3).TotalMilliseconds);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Worker()));
        Console.WriteLine($"round trips: {cases} cases, {parallel} at a time");
        Report("  submit at A → B's case known at A (forward + first report)", forward);
        Report("  approved at B → completed at A (report with certificate)", result);
        Report("  submit at A → completed at A (with B's approval call)", total);

        // Throughput.
        var receivedByB = await ReceivedAsync(adminB, keys: false);
        var receivedByA = await ReceivedAsync(adminA, keys: false);
        var clock = Stopwatch.StartNew();
        var left = burst;
        var submitters = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = await ApprovalLoad.SignInAsync(a, "130123198806121238");
            while (Interlocked.Decrement(ref left) >= 0)
            {
                (await client.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = "130123100201", fields = Form() })).EnsureSuccessStatusCode();
            }
        }).ToList();
        await Task.WhenAll(submitters);
        var submittedIn = clock.Elapsed;
        TimeSpan? atB = null;
        while (true)
        {
            var nowB = await ReceivedAsync(adminB, keys: false) - receivedByB;
            atB ??= nowB >= burst ? clock.Elapsed : null;
            var nowA = await ReceivedAsync(adminA, keys: false) - receivedByA;
            if (atB is not null && nowA >= burst)
            {
                break;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                Console.Error.WriteLine($"only {nowB} received by B and {nowA} reports back at A after 10 minutes");
                return 1;
            }
            await Task.Delay(50);
        }
        var atA = clock.Elapsed;
        Console.WriteLine($"burst: {burst} forwards submitted at A in {submittedIn.TotalSeconds:F1} s ({burst / submittedIn.TotalSeconds:F0}/s)");
        Console.WriteLine($"  all received by B after {atB!.Value.TotalSeconds:F1} s: {burst / atB.Value.TotalSeconds:F0} forwards/s");
        Console.WriteLine($"  B's first report for each back at A after {atA.TotalSeconds:F1} s: {burst / atA.TotalSeconds:F0} round trips/s");
        return 0;
    }

    private static int _serial;

    private static Dictionary<string, string> Form() => new()
    {
        ["purpose"] = "孩子入学", ["recipient"] = $"南宁市第{Interlocked.Increment(ref _serial)}小学", ["relation"] = "self",
        ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned",
    };

    /// <summary>The messages received from the one peer (or, with <paramref name="keys"/>, how many of its keys are pinned).</summary>
    private static async Task<int> ReceivedAsync(HttpClient admin, bool keys)
    {
        var peers = await admin.GetFromJsonAsync<JsonElement>("/api/federation/peers");
        var peer = peers.GetProperty("peers")[0];
        return keys ? peer.GetProperty("keys").GetArrayLength() : peer.GetProperty("received").GetInt32();
    }

    private static void Report(string what, List<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{what}: p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {sorted.LastOrDefault():F0} ms");
    }
}
