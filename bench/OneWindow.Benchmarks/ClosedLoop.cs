using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OneWindow.Benchmarks;

/// <summary>Each client sends its next request as soon as the last one answers, for a while; what came back, and how fast.</summary>
public static class ClosedLoop
{
    public sealed record Run(int Ok, int Failed, double[] SortedLatencies, TimeSpan Duration)
    {
        public double Percentile(double q) => SortedLatencies.Length == 0 ? 0 : SortedLatencies[Math.Min(SortedLatencies.Length - 1, (int)(q * SortedLatencies.Length))];

        public string Summary(string what, int clients) => string.Create(CultureInfo.InvariantCulture,
            $"{what}: {Ok} in {Duration.TotalSeconds:F0} s = {Ok / Duration.TotalSeconds:F0}/s with {clients} sessions; non-200: {Failed}; latency p50 {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms, p99 {Percentile(0.99):F1} ms");
    }

    public static async Task<Run> RunAsync(IReadOnlyList<HttpClient> clients, TimeSpan duration, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(send);
        var latencies = new ConcurrentBag<double>();
        int ok = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await send(c);
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
        return new Run(ok, failed, [.. latencies.Order()], duration);
    }
}
