using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OneWindow.Benchmarks;

/// <summary>
/// 运行监管's case export at growing sizes: <c>export --url URL --provider sqlite|postgres --db CONN [--sizes 10000,100000,1000000]</c>.
/// Files one real application through the API, copies its row in the database until the county holds each size, then
/// downloads the county's case table as CSV and as Excel through the API and reports the time, the bytes, and the
/// server process's resident memory (sampled every 50 ms from /proc while the export runs) against what it held before —
/// constant memory means the peak does not grow with the size.
/// </summary>
public static class ExportLoad
{
    private const string County = "130123000000";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", Environment.GetEnvironmentVariable("BENCH_URL") ?? "http://127.0.0.1:5092"));
        var postgres = Arg("--provider", Environment.GetEnvironmentVariable("BENCH_PROVIDER") ?? "sqlite") == "postgres";
        var db = Arg("--db", Environment.GetEnvironmentVariable("BENCH_DB") ?? "");
        var sizes = Arg("--sizes", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var server = int.Parse(Environment.GetEnvironmentVariable("BENCH_SERVER_PID") ?? "0", CultureInfo.InvariantCulture);

        using var resident = await ApprovalLoad.SignInAsync(url, ApprovalLoad.Resident);
        var filed = await resident.PostAsJsonAsync("/api/applications", new
        {
            itemCode = "CERT-RESIDENCE",
            divisionCode = "130123100201",
            fields = new { purpose = "孩子入学", recipient = "正定县第一小学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
        });
        filed.EnsureSuccessStatusCode();
        var template = Guid.Parse((await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        using var admin = await ApprovalLoad.SignInAsync(url, "admin", TimeSpan.FromMinutes(30));
        await using DbConnection connection = postgres ? new NpgsqlConnection(db) : new SqliteConnection(db);
        await connection.OpenAsync();

        var held = 1;
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            await CopyAsync(connection, postgres, template, size - held);
            held = size;
            Console.WriteLine($"{size:N0} applications in the county ({clock.Elapsed.TotalSeconds:F0} s to copy the rows)");
            foreach (var format in new[] { "csv", "xlsx" })
            {
                GC.Collect();
                var before = Rss(server);
                var peak = before;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Rss(server));
                        await Task.Delay(50);
                    }
                });
                clock.Restart();
                using var response = await admin.GetAsync($"/api/supervision/export?table=cases&format={format}&division={County}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                var written = clock.Elapsed;
                await using var body = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[81920];
                long bytes = 0, lines = 0;
                for (int read; (read = await body.ReadAsync(buffer)) > 0;)
                {
                    bytes += read;
                    lines += format == "csv" ? buffer.AsSpan(0, read).Count((byte)'\n') : 0;
                }
                await sampling.CancelAsync();
                await sampler;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {format}: {clock.Elapsed.TotalSeconds:F1} s ({written.TotalSeconds:F1} s to the first byte), {bytes / 1048576.0:F1} MiB{(format == "csv" ? $", {lines - 1:N0} rows" : "")}; server RSS {before / 1048576.0:F0} MiB before, peak {peak / 1048576.0:F0} MiB"));
            }
        }
        return 0;
    }

    /// <summary>Copies the template application's row <paramref name="count"/> times, each a completed case with its own id.</summary>
    private static async Task CopyAsync(DbConnection connection, bool postgres, Guid template, int count)
    {
        if (count <= 0)
        {
            return;
        }
        var columns = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = postgres
                ? "SELECT column_name FROM information_schema.columns WHERE table_name = 'applications' ORDER BY ordinal_position"
                : "SELECT name FROM pragma_table_info('applications')";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }
        // Unique where the platform keeps them so (idempotency key, subject, consent, the matter while in progress): new or empty.
        var newId = postgres ? "gen_random_uuid()"
            : "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";
        string Value(string column) => column switch
        {
            "Id" => newId,
            "IdempotencyKey" or "SubjectHash" or "ConsentId" => "NULL",
            "State" => "'Completed'",
            _ => $"t.\"{column}\"",
        };
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(Value));
        await using var insert = connection.CreateCommand();
        insert.CommandTimeout = 0;
        insert.CommandText = postgres
            ? $"INSERT INTO applications ({list}) SELECT {values} FROM applications t, generate_series(1, {count}) WHERE t.\"Id\" = @template"
            : $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) INSERT INTO applications ({list}) SELECT {values} FROM applications t, n WHERE t.\"Id\" = @template";
        var parameter = insert.CreateParameter();
        parameter.ParameterName = "@template";
        parameter.Value = postgres ? template : template.ToString().ToUpperInvariant();
        insert.Parameters.Add(parameter);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>The server process's resident set (bytes), from /proc.</summary>
    private static long Rss(int pid)
    {
        if (pid == 0)
        {
            return 0;
        }
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
