using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// Approvals through the API, from this process against a server running in another:
/// <c>approvals --url http://127.0.0.1:5092 [--reviewers 16] [--applications 4000] [--seconds 20]</c>.
/// Sets up the reviewers (accounts made by the village admin, signatures registered by the township
/// admin) and the applications over HTTP, then lets every reviewer approve distinct applications as
/// fast as the server answers, and reports issued certificates per second, latency percentiles, and
/// the PDF's first-render and stored-download latency.
/// </summary>
public static class ApprovalLoad
{
    private const string Password = "OneWindow#2026";
    internal const string Resident = "130123198806121238";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var reviewers = int.Parse(Arg("--reviewers", "16"), CultureInfo.InvariantCulture);
        var count = int.Parse(Arg("--applications", "4000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "20"), CultureInfo.InvariantCulture);

        using var admin = await SignInAsync(url, "village-admin");
        using var township = await SignInAsync(url, "township-admin");
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/me");
        var unit = me.GetProperty("unitId").GetString();
        var png = Convert.ToBase64String(SignaturePng());
        var names = new List<string>();
        Console.Error.WriteLine($"setting up {reviewers} reviewers");
        for (var r = 0; r < reviewers; r++)
        {
            var name = $"bench-reviewer-{r}";
            names.Add(name);
            var created = await admin.PostAsJsonAsync($"/api/units/{unit}/staff", new { userName = name, realName = "审核员", password = Password, roles = "reviewer" });
            if (created.StatusCode == HttpStatusCode.Created)
            {
                var account = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                var specimen = await (await admin.PostAsJsonAsync($"/api/units/{unit}/specimens", new { accountId = account, imagePng = png })).Content.ReadFromJsonAsync<JsonElement>();
                (await township.PostAsJsonAsync($"/api/specimens/{specimen.GetProperty("id").GetString()}/review", new { approve = true })).EnsureSuccessStatusCode();
            }
        }

        Console.Error.WriteLine($"filing {count} applications");
        using var resident = await SignInAsync(url, Resident);
        var pending = new ConcurrentQueue<string>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var response = await resident.PostAsJsonAsync("/api/applications", new
            {
                itemCode = "CERT-RESIDENCE",
                divisionCode = "130123100201",
                // A different school each time: the same answers twice would be one matter, refused while in progress.
                fields = new { purpose = "孩子入学", recipient = $"正定县第{i + 1}小学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
            }, ct);
            response.EnsureSuccessStatusCode();
            pending.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!);
        });

        var clients = new List<HttpClient>();
        foreach (var name in names)
        {
            clients.Add(await SignInAsync(url, name));
        }
        // Warm-up: a few approvals per reviewer, not counted.
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < 5 && pending.TryDequeue(out var id); i++)
            {
                (await c.PostAsync($"/api/applications/{id}/approve", null)).EnsureSuccessStatusCode();
            }
        }));

        Console.Error.WriteLine($"approving with {reviewers} reviewers for at most {seconds} s");
        var latencies = new ConcurrentBag<double>();
        var issued = new ConcurrentBag<string>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(clients.Select(async c =>
        {
            while (clock.Elapsed < deadline && pending.TryDequeue(out var id))
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await c.PostAsync($"/api/applications/{id}/approve", null);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    issued.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificateId").GetString()!);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"approvals: {issued.Count} certificates in {elapsed:F1} s = {issued.Count / elapsed:F0}/s with {reviewers} reviewers; non-200: {failures}; latency p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms, max {sorted.LastOrDefault():F1} ms"));

        // The PDF: first download renders and stores it; later downloads are served as stored.
        var sample = issued.Take(20).ToList();
        var first = new List<double>();
        var cached = new List<double>();
        foreach (var id in sample)
        {
            var t = Stopwatch.GetTimestamp();
            (await resident.GetAsync($"/api/certificates/{id}/pdf")).EnsureSuccessStatusCode();
            first.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            for (var i = 0; i < 5; i++)
            {
                t = Stopwatch.GetTimestamp();
                (await resident.GetAsync($"/api/certificates/{id}/pdf")).EnsureSuccessStatusCode();
                cached.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }
        static double Median(List<double> xs) => xs.Count == 0 ? 0 : xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pdf: first download (render + store) median {Median(first):F1} ms, max {first.DefaultIfEmpty().Max():F1} ms; stored download median {Median(cached):F2} ms ({sample.Count} certificates)"));
        foreach (var c in clients)
        {
            c.Dispose();
        }
        return 0;
    }

    internal static async Task<HttpClient> SignInAsync(Uri url, string account, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 16 }) { BaseAddress = url, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { account, password = Password });
        response.EnsureSuccessStatusCode();
        return http;
    }

    /// <summary>A small handwritten-looking signature image (PNG).</summary>
    private static byte[] SignaturePng()
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(200, 60));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        using var ink = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, StrokeWidth = 3, IsAntialias = true, Style = SkiaSharp.SKPaintStyle.Stroke };
        surface.Canvas.DrawLine(10, 40, 190, 20, ink);
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
