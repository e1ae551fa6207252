using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OneWindow.Benchmarks;

/// <summary>
/// 运行监管 at a province's scale: <c>supervision --url URL --provider sqlite|postgres --db CONN [--applications 10000000]
/// [--ratings 1000000] [--seconds 15] [--clients 4]</c>. Writes into the server's database the rollups that
/// that many applications would have produced over the last 365 days — each at a random village
/// of Hebei (54,000) and a random catalog item, 70 % online, 90 % finished (95 % of them on time), 1–10 working days — at
/// all five division levels, exactly as the folder writes them, and the smile-index counts of that many ratings of the
/// demo units; then measures each dashboard view through the API from this process (closed loop, the platform admin).
/// The rollups are written directly (not folded from cases): this measures the reads the dashboards do at that volume.
/// </summary>
public static class SupervisionLoad
{
    private const int Columns = 15;

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", Environment.GetEnvironmentVariable("BENCH_URL") ?? "http://127.0.0.1:5092"));
        var provider = Arg("--provider", Environment.GetEnvironmentVariable("BENCH_PROVIDER") ?? "sqlite");
        var db = Arg("--db", Environment.GetEnvironmentVariable("BENCH_DB") ?? "");
        var applications = int.Parse(Arg("--applications", "10000000"), CultureInfo.InvariantCulture);
        var ratings = int.Parse(Arg("--ratings", "1000000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var clientCount = int.Parse(Arg("--clients", "4"), CultureInfo.InvariantCulture);
        var postgres = provider == "postgres";
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(8)); // the service's day (Asia/Shanghai)

        await using System.Data.Common.DbConnection connection = postgres ? new NpgsqlConnection(db) : new SqliteConnection(db);
        await connection.OpenAsync();
        async Task<List<string>> ColumnAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var values = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetValue(0).ToString()!);
            }
            return values;
        }
        var villages = await ColumnAsync("SELECT \"Code\" FROM divisions WHERE \"Level\" = 5 AND \"Code\" LIKE '13%'");
        var items = await ColumnAsync("SELECT \"Code\" FROM service_items");
        var unitRows = (await ReadUnitsAsync(connection)).ToList();
        Console.WriteLine($"{villages.Count} villages, {items.Count} items, {unitRows.Count} units; {applications:N0} applications and {ratings:N0} ratings over 365 days");

        // What the folder would have written, one day at a time (the rollups' keys start with the day, so each day's rows,
        // sorted, arrive in key order): a row per day, level, division and item, and the working-days histogram beside it.
        // The secondary indexes are dropped for the load and built once at the end.
        var clock = Stopwatch.StartNew();
        var random = new Random(20261203);
        var prefixes = new Dictionary<(string Village, int Level), string>();
        string Prefix(string village, int level) => prefixes.TryGetValue((village, level), out var p) ? p
            : prefixes[(village, level)] = village[..(level switch { 1 => 2, 2 => 4, 3 => 6, 4 => 9, _ => 12 })].PadRight(12, '0');
        await using var rollups = await RollupWriter.OpenAsync(postgres, db);
        long countRows = 0, durationRows = 0;
        var monthSums = new Dictionary<(int Level, string Division, string Item), int[]>();
        var monthDurations = new Dictionary<(int Level, string Division, string Item, int Days), int>();
        async Task WriteAsync(bool monthly, DateOnly day, Dictionary<(int Level, string Division, string Item), int[]> sums, Dictionary<(int Level, string Division, string Item, int Days), int> durations)
        {
            foreach (var (key, sum) in sums.OrderBy(r => r.Key.Level).ThenBy(r => r.Key.Division, StringComparer.Ordinal).ThenBy(r => r.Key.Item, StringComparer.Ordinal))
            {
                await rollups.CountAsync(monthly, day, key.Level, key.Division, key.Item, sum);
            }
            foreach (var (key, count) in durations.OrderBy(r => r.Key.Level).ThenBy(r => r.Key.Division, StringComparer.Ordinal).ThenBy(r => r.Key.Item, StringComparer.Ordinal).ThenBy(r => r.Key.Days))
            {
                await rollups.DurationAsync(monthly, day, key.Level, key.Division, key.Item, key.Days, count);
            }
            countRows += sums.Count;
            durationRows += durations.Count;
        }
        for (var back = 364; back >= 0; back--)
        {
            var day = today.AddDays(-back);
            var sums = new Dictionary<(int Level, string Division, string Item), int[]>();
            var durations = new Dictionary<(int Level, string Division, string Item, int Days), int>();
            var todays = applications / 365 + (back < applications % 365 ? 1 : 0);
            for (var n = 0; n < todays; n++)
            {
                var village = villages[random.Next(villages.Count)];
                var item = items[random.Next(items.Count)];
                var online = random.NextDouble() < 0.7 ? 1 : 0;
                var finished = random.NextDouble() < 0.9;
                var refused = finished && random.NextDouble() < 0.05 ? 1 : 0;
                var onTime = random.NextDouble() < 0.95 ? 1 : 0;
                var used = random.Next(1, 11);
                // Each level's row of the item and its row of all items ("*"), as the folder writes them.
                foreach (var (level, counted) in Enumerable.Range(1, 5).SelectMany(l => new[] { (l, item), (l, "*") }))
                {
                    var key = (level, Prefix(village, level), counted);
                    if (!sums.TryGetValue(key, out var sum))
                    {
                        sums[key] = sum = new int[Columns];
                    }
                    sum[0]++;
                    sum[1] += online;
                    if (finished)
                    {
                        sum[2] += 1 - refused;
                        sum[4] += refused;
                        sum[5] += onTime;
                        sum[6] += used;
                        sum[7] += 10;
                        sum[9] += 1;
                        sum[10] += 3;
                        sum[11] += 2;
                        sum[12] += 6;
                        sum[13] += 1 - online;
                        sum[14] += 4;
                        var bucket = (level, key.Item2, counted, used);
                        durations[bucket] = durations.GetValueOrDefault(bucket) + 1;
                    }
                }
            }
            await WriteAsync(false, day, sums, durations);
            // The month's rows, once its last day (or today) is in.
            foreach (var (key, sum) in sums)
            {
                if (!monthSums.TryGetValue(key, out var total))
                {
                    monthSums[key] = total = new int[Columns];
                }
                for (var i = 0; i < Columns; i++)
                {
                    total[i] += sum[i];
                }
            }
            foreach (var (key, count) in durations)
            {
                monthDurations[key] = monthDurations.GetValueOrDefault(key) + count;
            }
            if (back == 0 || day.AddDays(1).Day == 1)
            {
                await WriteAsync(true, new DateOnly(day.Year, day.Month, 1), monthSums, monthDurations);
                monthSums.Clear();
                monthDurations.Clear();
            }
            await rollups.DayDoneAsync();
            if (back % 30 == 0)
            {
                Console.WriteLine($"  {day:yyyy-MM-dd}: {countRows:N0} count rows and {durationRows:N0} histogram rows (days and months) written, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }
        var ratingCounts = new Dictionary<(int Day, Guid Unit, string Item), int[]>();
        for (var n = 0; n < ratings; n++)
        {
            var key = (random.Next(365), unitRows[random.Next(unitRows.Count)].Id, items[random.Next(items.Count)]);
            if (!ratingCounts.TryGetValue(key, out var levels))
            {
                ratingCounts[key] = levels = new int[5];
            }
            levels[random.NextDouble() switch { < 0.62 => 0, < 0.9 => 1, < 0.96 => 2, < 0.985 => 3, _ => 4 }]++;
        }
        var unitFacts = unitRows.ToDictionary(u => u.Id);
        foreach (var ((back, unit, item), levels) in ratingCounts)
        {
            await rollups.RatingAsync(today.AddDays(-back), unit, item, unitFacts[unit].Division, unitFacts[unit].Department, levels);
        }
        Console.WriteLine($"{countRows:N0} count rows, {durationRows:N0} histogram rows and {ratingCounts.Count:N0} rating-count rows written in {clock.Elapsed.TotalSeconds:F0} s; building indexes");
        clock.Restart();
        await rollups.FinishAsync();
        Console.WriteLine($"indexes built and statistics taken in {clock.Elapsed.TotalSeconds:F0} s");

        var clients = new List<HttpClient>();
        for (var i = 0; i < clientCount; i++)
        {
            clients.Add(await ApprovalLoad.SignInAsync(url, "admin"));
        }
        var from30 = today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from365 = today.AddDays(-364).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (name, query) in new[]
        {
            ("province (河北省), last 30 days", $"division=130000000000&from={from30}&to={to}"),
            ("province (河北省), last 365 days", $"division=130000000000&from={from365}&to={to}"),
            ("city (石家庄市), last 365 days", $"division=130100000000&from={from365}&to={to}"),
            ("county (正定县), last 365 days", $"division=130123000000&from={from365}&to={to}"),
            ("township (正定镇), last 365 days", $"division=130123100000&from={from365}&to={to}"),
            ("village (西关村), last 365 days", $"division=130123100201&from={from365}&to={to}"),
            // One department's items: read item by item, not from the all-items rows.
            ("province (河北省), 公安 only, last 30 days", $"division=130000000000&department=police&from={from30}&to={to}"),
            ("province (河北省), 公安 only, last 365 days", $"division=130000000000&department=police&from={from365}&to={to}"),
            ("county (正定县), 公安 only, last 365 days", $"division=130123000000&department=police&from={from365}&to={to}"),
        })
        {
            using (var first = await clients[0].GetAsync($"/api/supervision?{query}"))
            {
                if (!first.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{name}: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
                    return 1;
                }
            }
            var run = await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(seconds), c => c.GetAsync($"/api/supervision?{query}"));
            Console.WriteLine(run.Summary($"GET /api/supervision {name}", clientCount));
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
        return 0;
    }

    private sealed record UnitRow(Guid Id, string Division, string Department);

    private static async Task<List<UnitRow>> ReadUnitsAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"DivisionCode\", \"Department\" FROM units";
        var units = new List<UnitRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            units.Add(new UnitRow(Guid.Parse(reader.GetValue(0).ToString()!), reader.GetString(1), reader.GetString(2)));
        }
        return units;
    }
}
