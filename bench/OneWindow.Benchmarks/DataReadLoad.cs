using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// Granted shared-data reads per second through the API, each with its data-log row and ledger entry: N
/// sessions of the demo county health bureau's reviewer read the demo resident's household record under the
/// demo grant, closed loop, after a 3 s warm-up.
/// Usage: reads --url URL [--clients 16] [--seconds 15]
/// </summary>
public static class DataReadLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var count = int.Parse(Arg("--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await ApprovalLoad.SignInAsync(url, "health-reviewer"));
        }
        var body = new { subject = "130123198806121238", purpose = "出生登记核验父母户籍" };
        async Task<(int Ok, int Failed, ConcurrentBag<double> Latencies)> RunFor(TimeSpan duration)
        {
            var latencies = new ConcurrentBag<double>();
            int ok = 0, failed = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async c =>
            {
                while (clock.Elapsed < duration)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await c.PostAsJsonAsync("/api/data/items/police.household/reads", body);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
            return (ok, failed, latencies);
        }
        Console.Error.WriteLine("warming up for 3 s");
        await RunFor(TimeSpan.FromSeconds(3));
        Console.Error.WriteLine($"reading with {count} sessions for {seconds} s");
        var (reads, failures, all) = await RunFor(TimeSpan.FromSeconds(seconds));
        var sorted = all.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"granted reads: {reads} in {seconds} s = {reads / (double)seconds:F0}/s with {count} sessions; non-200: {failures}; latency p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms"));
        foreach (var c in clients)
        {
            c.Dispose();
        }
        return failures == 0 ? 0 : 1;
    }
}
