using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Catalog;

namespace OneWindow.Benchmarks;

/// <summary>
/// The application engine through the API, from this process against a server in another:
/// <c>cases --url URL [--clients 16] [--seconds 15] [--warmup 20] [--queue-tasks N --provider sqlite|postgres --db CONN]</c>.
/// First the newborn bundle is submitted as fast as the server answers by <c>--clients</c> sessions of the
/// demo resident (each a different child: validated, planned into seven tasks, routed, saved, the first
/// tasks queued), and submissions per second and latency are reported. With <c>--queue-tasks</c>, the
/// county health bureau's queue is then filled to that many tasks directly in the database (a tenth of a
/// percent still open, the rest approved), and the workbench's queue requests are timed over HTTP.
/// </summary>
public static class CaseLoad
{
    private const string Password = "OneWindow#2026";
    private const string Resident = "130123198806121238";
    private const string Village = "130123100201";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var clients = int.Parse(Arg("--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var queueTasks = int.Parse(Arg("--queue-tasks", "0"), CultureInfo.InvariantCulture);
        // The server's JIT keeps recompiling hot methods (tiered, with profile-guided optimisation) for about
        // 20 s under this load on two cores; measuring before that measures the compiler.
        var warmup = int.Parse(Arg("--warmup", "20"), CultureInfo.InvariantCulture);

        var sessions = new List<HttpClient>();
        for (var c = 0; c < clients; c++)
        {
            sessions.Add(await SignInAsync(url, Resident));
        }
        var bundle = (await sessions[0].GetFromJsonAsync<BundleDocument>("/api/catalog/bundles/NEWBORN", OneWindow.Common.JsonDefaults.Options))!;
        var template = OneWindow.Testing.SampleForms.For(bundle.Fields);
        var serial = 0;

        async Task<(HttpStatusCode Status, double Ms)> SubmitAsync(HttpClient client)
        {
            var form = new Dictionary<string, string>(template) { ["childName"] = ChildName(Interlocked.Increment(ref serial)) };
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = Village, fields = form });
            return (response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.Error.WriteLine($"warming up for {warmup} s");
        await RunForAsync(sessions, TimeSpan.FromSeconds(warmup), SubmitAsync);
        if (Arg("--provider", "sqlite") == "postgres" && Arg("--db", "") is { Length: > 0 } connection)
        {
            // The warm-up wrote thousands of cases in seconds, faster than autovacuum (one look a minute) analyses
            // them; a live database's statistics follow its growth. Without them the planner keeps plans made for
            // an empty table (the duplicate check scanned every case of the one applicant the driver signs in as).
            await using var analyse = new Npgsql.NpgsqlConnection(connection);
            await analyse.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("ANALYZE", analyse);
            await command.ExecuteNonQueryAsync();
            Console.Error.WriteLine("analysed the database (as autovacuum would)");
        }
        Console.Error.WriteLine($"submitting the newborn bundle with {clients} sessions for {seconds} s");
        var (results, elapsed) = await RunForAsync(sessions, TimeSpan.FromSeconds(seconds), SubmitAsync);
        var created = results.Count(r => r.Status == HttpStatusCode.Created);
        var latencies = results.Select(r => r.Ms).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"newborn submissions: {created} cases in {elapsed:F1} s = {created / elapsed:F0}/s with {clients} sessions; non-201: {results.Count - created}; latency p50 {P(latencies, 0.5):F1} ms, p99 {P(latencies, 0.99):F1} ms"));

        if (queueTasks > 0)
        {
            await FillQueueAsync(Arg("--provider", "sqlite"), Arg("--db", ""), queueTasks);
            using var staff = await SignInAsync(url, "health-reviewer");
            foreach (var query in new[] { "/api/tasks", "/api/tasks?due=soon", "/api/tasks?due=overdue", "/api/tasks?channel=counter" })
            {
                for (var i = 0; i < 20; i++)
                {
                    (await staff.GetAsync(query)).EnsureSuccessStatusCode();
                }
                var times = new List<double>();
                for (var i = 0; i < 200; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await staff.GetAsync(query);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                var sorted = times.Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"queue {query} with {queueTasks:N0} tasks in the unit: p50 {P(sorted, 0.5):F1} ms, p95 {P(sorted, 0.95):F1} ms, max {sorted[^1]:F1} ms"));
            }
        }
        foreach (var session in sessions)
        {
            session.Dispose();
        }
        return 0;
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>A distinct, well-formed child's name per submission (the newborn's subject key includes it).</summary>
    private static string ChildName(int n) => string.Concat("王", ((char)(0x4E00 + (n % 3000))).ToString(), ((char)(0x4E00 + (n / 3000 % 3000))).ToString());

    private static async Task<(List<(HttpStatusCode Status, double Ms)> Results, double Seconds)> RunForAsync(
        IReadOnlyList<HttpClient> sessions, TimeSpan duration, Func<HttpClient, Task<(HttpStatusCode, double)>> act)
    {
        var results = new ConcurrentBag<(HttpStatusCode, double)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select(async s =>
        {
            while (clock.Elapsed < duration)
            {
                results.Add(await act(s));
            }
        }));
        return ([.. results], clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Fills the county health bureau's queue to <paramref name="total"/> tasks: cases of ten birth-certificate
    /// tasks each, made by the aggregate itself (so every row is what the engine would write), 99.9 % approved.
    /// </summary>
    private static async Task FillQueueAsync(string provider, string connection, int total)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:OneWindow"] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        await using var provider_ = services.BuildServiceProvider();
        Guid unit, applicant;
        WorkingCalendar calendar;
        ServiceItem item;
        await using (var scope = provider_.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            unit = await db.Units.Where(u => u.Name == "正定县卫生健康局").Select(u => u.Id).SingleAsync();
            applicant = await db.Users.Where(u => u.UserName == Resident).Select(u => u.Id).SingleAsync();
            item = await db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == "BIRTH-MEDICAL-CERT");
            calendar = await scope.ServiceProvider.GetRequiredService<CalendarCache>().GetAsync(db, default);
        }
        var existing = 0;
        await using (var scope = provider_.CreateAsyncScope())
        {
            existing = await scope.ServiceProvider.GetRequiredService<OneWindowDb>().ApplicationTasks.CountAsync(t => t.UnitId == unit);
        }
        const int perCase = 10, perBatch = 2_000;
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var fields = OneWindow.Testing.SampleForms.For(item.Fields);
        var plan = Enumerable.Range(0, perCase).Select(_ => new PlannedTask(item.Code, fields, [], [])).ToList();
        var units = new Dictionary<string, Guid> { [item.Code] = unit };
        var limits = new Dictionary<string, int> { [item.Code] = item.TimeLimitDays };
        var clock = Stopwatch.StartNew();
        var made = existing;
        var n = 0;
        Console.Error.WriteLine($"filling the county health bureau's queue from {existing:N0} to {total:N0} tasks");
        while (made < total)
        {
            await using var scope = provider_.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < perBatch && made < total; i++, n++)
            {
                var submitted = now.AddDays(-(n % 400));
                var form = new Dictionary<string, string>(fields) { ["childName"] = ChildName(1_000_000 + n) };
                var draft = new ApplicationDraft(null, item.Code, applicant, null, n % 3 == 0 ? Channel.Counter : Channel.Web, Village, form, item.TimeLimitDays);
                var application = Application.Open(draft, plan, units, limits, calendar, submitted, DateOnly.FromDateTime(submitted.UtcDateTime));
                foreach (var task in application.Tasks.Skip(n % 100 == 0 ? 1 : 0))
                {
                    application.Approve(task.Id, applicant, new Dictionary<string, string> { ["birthCertificateNumber"] = "Q130000000" }, calendar, submitted, today);
                }
                db.Applications.Add(application);
                made += perCase;
            }
            await db.SaveChangesAsync();
            if (n % 20_000 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {made:N0} tasks, {made / clock.Elapsed.TotalSeconds:F0}/s"));
            }
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queue filled: {made:N0} tasks in {clock.Elapsed.TotalSeconds:F0} s"));
    }

    private static async Task<HttpClient> SignInAsync(Uri url, string account)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = url };
        (await http.PostAsJsonAsync("/api/auth/login", new { account, password = Password })).EnsureSuccessStatusCode();
        return http;
    }
}
