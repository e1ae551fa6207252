using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Supervision;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Supervision;

/// <summary>
/// 运行监管: cases submitted and finished reach the rollups exactly once (also with several folders at once), the supervisor
/// sees their subtree by division and item and never beyond it, and every table exports as CSV and Excel.
/// </summary>
public abstract class SupervisionTests(OneWindowApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task FoldedAsync()
    {
        for (var i = 0; i < 200 && await app.WithDbAsync(db => db.SupervisionFacts.AnyAsync(Ct)); i++)
        {
            await Task.Delay(50, Ct);
        }
        Assert.False(await app.WithDbAsync(db => db.SupervisionFacts.AnyAsync(Ct)), "facts still waiting after 10 s");
    }

    private static async Task<JsonElement> BoardAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/api/supervision{query}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Received_and_finished_cases_reach_the_supervisors_subtree_by_division_and_item()
    {
        using var supervisor = await app.SignedInAsync("county-supervisor");
        await FoldedAsync();
        var before = (await BoardAsync(supervisor)).GetProperty("totals");

        using var resident = await app.NewResidentAsync();
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var approved = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;
        await CertificateKit.ApproveAsync(reviewer, approved);
        using var other = await app.NewResidentAsync();
        var refused = (await CertificateKit.ApplyAsync(other)).GetProperty("id").GetString()!;
        (await reviewer.PostAsJsonAsync($"/api/applications/{refused}/refuse", new { reason = "材料不全" }, Ct)).EnsureSuccessStatusCode();
        await FoldedAsync();

        var board = await BoardAsync(supervisor);
        Assert.Equal(DemoData.CountyCode, board.GetProperty("division").GetString());
        var totals = board.GetProperty("totals");
        int Delta(string name) => totals.GetProperty(name).GetInt32() - before.GetProperty(name).GetInt32();
        Assert.Equal((2, 1, 1, 2), (Delta("received"), Delta("completed"), Delta("refused"), Delta("receivedOnline")));
        Assert.True(Delta("onTime") == 2 && Delta("daysPromised") > 0);
        Assert.Contains(board.GetProperty("children").EnumerateArray(), c => c.GetProperty("key").GetString() == DemoData.TownshipCode && c.GetProperty("name").GetString() == "正定镇");
        Assert.Contains(board.GetProperty("items").EnumerateArray(), c => c.GetProperty("key").GetString() == "CERT-RESIDENCE" && c.GetProperty("name").GetString() == "居住证明");
        // Both finished cases are in the working-days histogram: its 90th percentile is a number, not null.
        Assert.Equal(JsonValueKind.Number, board.GetProperty("p90DaysUsed").ValueKind);
        // This month as a whole month (read from the monthly rollup) and up to today (read by day) count the same.
        var to = DateOnly.Parse(board.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var monthStart = new DateOnly(to.Year, to.Month, 1);
        var wholeMonth = (await BoardAsync(supervisor, $"?from={monthStart:yyyy-MM-dd}&to={monthStart.AddMonths(1).AddDays(-1):yyyy-MM-dd}")).GetProperty("totals");
        var toToday = (await BoardAsync(supervisor, $"?from={monthStart:yyyy-MM-dd}&to={to:yyyy-MM-dd}")).GetProperty("totals");
        Assert.Equal(toToday.GetProperty("received").GetInt32(), wholeMonth.GetProperty("received").GetInt32());
        Assert.Equal(toToday.GetProperty("refused").GetInt32(), wholeMonth.GetProperty("refused").GetInt32());
        Assert.True(toToday.GetProperty("received").GetInt32() >= 2);
        // One department: the village committees' items (the residence certificate's) count the same as without a filter
        // for those items, read item by item; a department with none of these cases counts nothing.
        var committees = await BoardAsync(supervisor, "?department=village-committee");
        Assert.Equal(board.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "CERT-RESIDENCE").GetProperty("measures").GetProperty("received").GetInt32(),
            committees.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "CERT-RESIDENCE").GetProperty("measures").GetProperty("received").GetInt32());
        Assert.Equal(committees.GetProperty("totals").GetProperty("received").GetInt32(), committees.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("measures").GetProperty("received").GetInt32()));
        Assert.Equal(committees.GetProperty("totals").GetProperty("received").GetInt32(), committees.GetProperty("days").EnumerateArray().Sum(c => c.GetProperty("measures").GetProperty("received").GetInt32()));
        Assert.Equal(0, (await BoardAsync(supervisor, "?department=court")).GetProperty("totals").GetProperty("received").GetInt32());
        // And without one, the children and the days (all-items rows) add up to the totals (item rows).
        Assert.Equal(board.GetProperty("totals").GetProperty("received").GetInt32(), board.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("measures").GetProperty("received").GetInt32()));
        Assert.Equal(board.GetProperty("totals").GetProperty("received").GetInt32(), board.GetProperty("days").EnumerateArray().Sum(c => c.GetProperty("measures").GetProperty("received").GetInt32()));
        // Drill down to the village; a division outside the subtree, and anyone who is not a supervisor, are refused.
        var village = await BoardAsync(supervisor, $"?division={DemoData.VillageCode}");
        Assert.Equal("village", village.GetProperty("level").GetString());
        Assert.True(village.GetProperty("totals").GetProperty("received").GetInt32() >= 2);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/supervision?division=110000000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/supervision?division=130100000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/api/supervision", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/supervision", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/supervision?from=2026-01-01&to=2025-01-01", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/supervision?department=nowhere", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_case_is_counted_exactly_once_even_with_several_folders_at_once()
    {
        var residents = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.NewResidentAsync()));
        await Task.WhenAll(residents.Select(r => CertificateKit.ApplyAsync(r)));
        // Folders in three scopes at once, besides the server's own.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.WithScopeAsync(s =>
            SupervisionFolder.FoldAsync(s.GetRequiredService<OneWindowDb>(), s.GetRequiredService<OneWindow.Calendar.CalendarCache>(), s.GetRequiredService<TimeProvider>(), Ct, max: 4))));
        await FoldedAsync();
        var cases = await app.WithDbAsync(db => db.Applications.CountAsync(a => a.DivisionCode == DemoData.VillageCode, Ct));
        var inCounty = await app.WithDbAsync(db => db.Applications.CountAsync(a => a.DivisionCode.StartsWith(DemoData.CountyCode.Substring(0, 6)), Ct));
        // Item by item, and the rows of all items together, count every case once.
        foreach (var all in new[] { false, true })
        {
            var rows = await app.WithDbAsync(db => db.CaseCounts.Where(c => (c.ItemCode == CaseRollup.AllItems) == all)
                .Where(c => (c.Level == 5 && c.Division == DemoData.VillageCode) || (c.Level == 3 && c.Division == DemoData.CountyCode))
                .GroupBy(c => c.Level).Select(g => new { g.Key, Received = g.Sum(c => c.Received) }).ToDictionaryAsync(g => g.Key, g => g.Received, Ct));
            Assert.Equal(cases, rows[5]);
            Assert.Equal(inCounty, rows[3]);
        }
        // The monthly rollup holds the same sums as the daily one, level by level, item by item and for all items; so
        // does the working-days histogram.
        var byDay = await app.WithDbAsync(db => db.CaseCounts.GroupBy(c => new { c.Level, All = c.ItemCode == CaseRollup.AllItems })
            .Select(g => new { g.Key.Level, g.Key.All, Received = g.Sum(c => c.Received), Finished = g.Sum(c => c.Completed + c.Refused), Days = g.Sum(c => c.DaysUsed) }).ToListAsync(Ct));
        var byMonth = await app.WithDbAsync(db => db.MonthCounts.GroupBy(c => new { c.Level, All = c.ItemCode == CaseRollup.AllItems })
            .Select(g => new { g.Key.Level, g.Key.All, Received = g.Sum(c => c.Received), Finished = g.Sum(c => c.Completed + c.Refused), Days = g.Sum(c => c.DaysUsed) }).ToListAsync(Ct));
        byDay = [.. byDay.OrderBy(r => r.Level).ThenBy(r => r.All)];
        Assert.Equal(10, byDay.Count);
        Assert.Equal(byDay, [.. byMonth.OrderBy(r => r.Level).ThenBy(r => r.All)]);
        Assert.All(byDay.Chunk(2), pair => Assert.Equal(pair[0] with { All = true }, pair[1]));
        // (Only finished cases are in the histogram: none yet when this test runs first.)
        var histogram = await app.WithDbAsync(db => db.CaseDurations.GroupBy(c => c.ItemCode == CaseRollup.AllItems).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct));
        Assert.Equal(histogram.GetValueOrDefault(false), histogram.GetValueOrDefault(true));
        Assert.Equal(histogram.Values.Sum(), await app.WithDbAsync(db => db.MonthDurations.SumAsync(c => c.Count, Ct)));
        // The migration that brought the all-items rows derives from the item rows exactly what the folder writes.
        await Backfill.AssertRebuildsAsync(app, [.. new[] { "case_counts", "month_counts", "case_durations", "month_durations" }.Select(t => (t, $"\"ItemCode\" = '{CaseRollup.AllItems}'"))],
            RollupBackfill.AllItems(), Ct);
        foreach (var r in residents)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Every_table_exports_as_csv_and_excel()
    {
        using var resident = await app.NewResidentAsync();
        await CertificateKit.ApplyAsync(resident);
        await FoldedAsync();
        using var supervisor = await app.SignedInAsync("county-supervisor");
        var csv = await supervisor.GetAsync("/api/supervision/export?table=items&format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("代码,事项,受理", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("CERT-RESIDENCE,居住证明", text, StringComparison.Ordinal);
        var cases = await (await supervisor.GetAsync("/api/supervision/export?table=cases&format=csv", Ct)).Content.ReadAsStringAsync(Ct);
        var board = await BoardAsync(supervisor);
        Assert.Equal(board.GetProperty("totals").GetProperty("received").GetInt32(), cases.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        foreach (var table in new[] { "children", "items", "days", "overdue", "cases" })
        {
            var xlsx = await supervisor.GetAsync($"/api/supervision/export?table={table}&format=xlsx", Ct);
            Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
            Assert.True((await xlsx.Content.ReadAsByteArrayAsync(Ct)).AsSpan().StartsWith("PK"u8), table);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/supervision/export?table=secrets&format=csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/supervision/export?table=items&format=pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/supervision/export?table=cases&format=csv&division=110000000000", Ct)).StatusCode);
        // Each temporary file is deleted once sent (the other provider's class may be exporting at this moment: its files
        // go too).
        await Eventually.Async(() => Task.FromResult(Directory.GetFiles(Path.GetTempPath(), "onewindow-export-*").Length == 0), "the export files are deleted", 10);
    }
}

public sealed class SupervisionTestsOnSqlite(SqliteApp app) : SupervisionTests(app), IClassFixture<SqliteApp>;

public sealed class SupervisionTestsOnPostgres(PostgresApp app) : SupervisionTests(app), IClassFixture<PostgresApp>;
