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

        // What the folder would have written: one row per day, level, division and item.
        var clock = Stopwatch.StartNew();
        var random = new Random(20261203);
        var rows = new Dictionary<(int Day, int Level, string Division, string Item), int[]>();
        var prefixes = new Dictionary<(string Village, int Level), string>();
        string Prefix(string village, int level) => prefixes.TryGetValue((village, level), out var p) ? p
            : prefixes[(village, level)] = village[..(level switch { 1 => 2, 2 => 4, 3 => 6, 4 => 9, _ => 12 })].PadRight(12, '0');
        for (var n = 0; n < applications; n++)
        {
            var day = random.Next(365);
            var village = villages[random.Next(villages.Count)];
            var item = items[random.Next(items.Count)];
            var online = random.NextDouble() < 0.7 ? 1 : 0;
            var finished = random.NextDouble() < 0.9;
            var refused = finished && random.NextDouble() < 0.05 ? 1 : 0;
            var used = random.Next(1, 11);
            for (var level = 1; level <= 5; level++)
            {
                var key = (day, level, Prefix(village, level), item);
                if (!rows.TryGetValue(key, out var sum))
                {
                    rows[key] = sum = new int[Columns];
                }
                sum[0]++;
                sum[1] += online;
                if (finished)
                {
                    sum[2] += 1 - refused;
                    sum[4] += refused;
                    sum[5] += random.NextDouble() < 0.95 ? 1 : 0;
                    sum[6] += used;
                    sum[7] += 10;
                    sum[9] += 1;
                    sum[10] += 3;
                    sum[11] += 2;
                    sum[12] += 6;
                    sum[13] += 1 - online;
                    sum[14] += 4;
                }
            }
        }
        var counts = new Dictionary<(int Day, Guid Unit, string Item), int[]>();
        for (var n = 0; n < ratings; n++)
        {
            var key = (random.Next(365), unitRows[random.Next(unitRows.Count)].Id, items[random.Next(items.Count)]);
            if (!counts.TryGetValue(key, out var levels))
            {
                counts[key] = levels = new int[5];
            }
            levels[random.NextDouble() switch { < 0.62 => 0, < 0.9 => 1, < 0.96 => 2, < 0.985 => 3, _ => 4 }]++;
        }
        Console.WriteLine($"generated {rows.Count:N0} rollup rows and {counts.Count:N0} rating-count rows in {clock.Elapsed.TotalSeconds:F0} s");

        clock.Restart();
        var unitFacts = unitRows.ToDictionary(u => u.Id);
        if (postgres)
        {
            await using (var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                "COPY case_counts (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"Received\", \"ReceivedOnline\", \"Completed\", \"PartlyCompleted\", \"Refused\", \"OnTime\", \"DaysUsed\", \"DaysPromised\", \"Supplements\", \"Forms\", \"FormsSeparately\", \"Materials\", \"MaterialsSeparately\", \"Trips\", \"TripsSeparately\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var ((day, level, division, item), sum) in rows)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(today.AddDays(-day), NpgsqlTypes.NpgsqlDbType.Date);
                    await writer.WriteAsync(level, NpgsqlTypes.NpgsqlDbType.Integer);
                    await writer.WriteAsync(division, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await writer.WriteAsync(item, NpgsqlTypes.NpgsqlDbType.Varchar);
                    foreach (var value in sum)
                    {
                        await writer.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Integer);
                    }
                }
                await writer.CompleteAsync();
            }
            await using (var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                "COPY rating_counts (\"Day\", \"UnitId\", \"ItemCode\", \"DivisionCode\", \"Department\", \"VerySatisfied\", \"Satisfied\", \"Fair\", \"Dissatisfied\", \"VeryDissatisfied\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var ((day, unit, item), levels) in counts)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(today.AddDays(-day), NpgsqlTypes.NpgsqlDbType.Date);
                    await writer.WriteAsync(unit, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await writer.WriteAsync(item, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await writer.WriteAsync(unitFacts[unit].Division, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await writer.WriteAsync(unitFacts[unit].Department, NpgsqlTypes.NpgsqlDbType.Varchar);
                    foreach (var value in levels)
                    {
                        await writer.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Integer);
                    }
                }
                await writer.CompleteAsync();
            }
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE case_counts; ANALYZE rating_counts;";
            await analyze.ExecuteNonQueryAsync();
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO case_counts VALUES (" + string.Join(", ", Enumerable.Range(0, 4 + Columns).Select(i => $"$p{i}")) + ")";
            var parameters = Enumerable.Range(0, 4 + Columns).Select(i => { var p = insert.CreateParameter(); p.ParameterName = $"$p{i}"; insert.Parameters.Add(p); return p; }).ToArray();
            await insert.PrepareAsync();
            // case_counts' columns in table order: Day, Level, Division, ItemCode, then the counts in declaration order.
            foreach (var ((day, level, division, item), sum) in rows)
            {
                parameters[0].Value = today.AddDays(-day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                parameters[1].Value = level;
                parameters[2].Value = division;
                parameters[3].Value = item;
                for (var i = 0; i < Columns; i++)
                {
                    parameters[4 + i].Value = sum[i];
                }
                await insert.ExecuteNonQueryAsync();
            }
            await using var rating = connection.CreateCommand();
            rating.Transaction = transaction;
            rating.CommandText = "INSERT INTO rating_counts (\"Day\", \"UnitId\", \"ItemCode\", \"DivisionCode\", \"Department\", \"VerySatisfied\", \"Satisfied\", \"Fair\", \"Dissatisfied\", \"VeryDissatisfied\") VALUES ($d, $u, $i, $v, $t, $a, $b, $c, $e, $f)";
            var rp = new[] { "$d", "$u", "$i", "$v", "$t", "$a", "$b", "$c", "$e", "$f" }.Select(n => { var p = rating.CreateParameter(); p.ParameterName = n; rating.Parameters.Add(p); return p; }).ToArray();
            await rating.PrepareAsync();
            foreach (var ((day, unit, item), levels) in counts)
            {
                rp[0].Value = today.AddDays(-day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                rp[1].Value = unit.ToString().ToUpperInvariant();
                rp[2].Value = item;
                rp[3].Value = unitFacts[unit].Division;
                rp[4].Value = unitFacts[unit].Department;
                for (var i = 0; i < 5; i++)
                {
                    rp[5 + i].Value = levels[i];
                }
                await rating.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"written in {clock.Elapsed.TotalSeconds:F0} s");

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
