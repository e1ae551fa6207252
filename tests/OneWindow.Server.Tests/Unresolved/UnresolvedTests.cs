using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Seeding;
using OneWindow.Testing;
using OneWindow.Unresolved;

namespace OneWindow.Server.Tests.Unresolved;

/// <summary>
/// 办不成事反映: filed signed in, at a kiosk without an account, or by a clerk; routed to the named person in charge of the
/// level above; followed by tracking number and the phone's last four digits; answered once by that level's 政务服务
/// supervisors or admins (two at once: one wins), never by a department's staff; escalated a level when overdue; rated.
/// </summary>
public abstract class UnresolvedTests(OneWindowApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static object Report(string phone = "13912345678") => new
    {
        phone, tried = "想办居住证明，村里说要去镇上，镇上又说要回村里开", divisionCode = DemoData.VillageCode, itemCode = "CERT-RESIDENCE",
    };

    [Fact]
    public async Task A_report_goes_to_the_person_in_charge_above_is_answered_once_and_rated()
    {
        using var resident = await app.NewResidentAsync();
        var filed = await JsonAsync(await resident.PostAsJsonAsync("/api/unresolved-reports", Report(), Ct), HttpStatusCode.Created);
        var number = filed.GetProperty("trackingNumber").GetString()!;
        Assert.Matches("^BB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", number);
        Assert.Equal(DemoData.TownshipCode, filed.GetProperty("ownerDivision").GetString());
        Assert.Equal("李建国", filed.GetProperty("ownerName").GetString());
        Assert.Equal("web", filed.GetProperty("channel").GetString());
        Assert.Equal("139****5678", filed.GetProperty("phone").GetString());
        Assert.Equal("居住证明", filed.GetProperty("matter").GetString());
        var id = filed.GetProperty("id").GetString()!;

        using var township = await app.SignedInAsync("township-admin");
        using var county = await app.SignedInAsync("county-supervisor");
        using var police = await app.SignedInAsync("county-police-admin");
        using var villageReviewer = await app.SignedInAsync("village-reviewer");
        var listed = await JsonAsync(await township.GetAsync("/api/unresolved-reports?open=true", Ct), HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        var detail = await JsonAsync(await township.GetAsync($"/api/unresolved-reports/{id}", Ct), HttpStatusCode.OK);
        Assert.Equal("13912345678", detail.GetProperty("phone").GetString()); // the owner calls back
        // A department's admin at the county does not answer for the township's person in charge; a reviewer answers nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/unresolved-reports/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("/api/unresolved-reports", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await villageReviewer.GetAsync("/api/unresolved-reports", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.PostAsJsonAsync($"/api/unresolved-reports/{id}/answer", new { outcome = "x" }, Ct)).StatusCode);

        // Early rating refused; two answers at once: one wins.
        await JsonAsync(await resident.PostAsJsonAsync($"/api/me/unresolved-reports/{id}/rating", new { rating = 5 }, Ct), HttpStatusCode.Conflict);
        var answers = await Task.WhenAll(
            township.PostAsJsonAsync($"/api/unresolved-reports/{id}/answer", new { outcome = "已协调镇便民服务中心当场出具证明" }, Ct),
            county.PostAsJsonAsync($"/api/unresolved-reports/{id}/answer", new { outcome = "已督促正定镇办理" }, Ct));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var inbox = await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct);
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("event").GetString() == "report-answered");

        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/unresolved-reports/track?number={number}&phone=0000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/unresolved-reports/track?number=BB-0000-0000-0000&phone=5678", Ct)).StatusCode);
        var tracked = await JsonAsync(await anonymous.GetAsync($"/api/unresolved-reports/track?number={number.ToLowerInvariant()}&phone=5678", Ct), HttpStatusCode.OK);
        Assert.Equal("resolved", tracked.GetProperty("state").GetString());
        Assert.DoesNotContain("13912345678", tracked.ToString(), StringComparison.Ordinal);
        Assert.Equal("刘*梅", tracked.GetProperty("reporterName").GetString());
        await JsonAsync(await anonymous.PostAsJsonAsync("/api/unresolved-reports/track/rating", new { number, phone = "5678", rating = 9 }, Ct), HttpStatusCode.BadRequest);
        var rated = await JsonAsync(await anonymous.PostAsJsonAsync("/api/unresolved-reports/track/rating", new { number, phone = "5678", rating = 4 }, Ct), HttpStatusCode.OK);
        Assert.Equal("rated", rated.GetProperty("state").GetString());
        await JsonAsync(await resident.PostAsJsonAsync($"/api/me/unresolved-reports/{id}/rating", new { rating = 1 }, Ct), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.NewResidentAsync()).PostAsJsonAsync($"/api/me/unresolved-reports/{id}/rating", new { rating = 1 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_kiosk_or_a_window_files_without_the_persons_account_and_bad_reports_write_nothing()
    {
        using var kiosk = app.Client();
        var before = await app.WithDbAsync(db => db.UnresolvedReports.CountAsync(Ct));
        var bad = await JsonAsync(await kiosk.PostAsJsonAsync("/api/unresolved-reports", new { tried = "", divisionCode = "999", phone = "12", name = "" }, Ct), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "phone", "tried", "divisionCode" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await JsonAsync(await kiosk.PostAsJsonAsync("/api/unresolved-reports", new { name = "张三", phone = "13800000001", tried = "a\u202Eb", divisionCode = DemoData.VillageCode }, Ct), HttpStatusCode.BadRequest);
        using var resident = await app.NewResidentAsync();
        var someoneElses = Guid.NewGuid();
        var notMine = await JsonAsync(await resident.PostAsJsonAsync("/api/unresolved-reports", new { phone = "13800000001", tried = "没办成", divisionCode = DemoData.VillageCode, applicationId = someoneElses }, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("不是您本人的办件", notMine.GetProperty("errors").GetProperty("applicationId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.UnresolvedReports.CountAsync(Ct)));

        var atKiosk = await JsonAsync(await kiosk.PostAsJsonAsync("/api/unresolved-reports", new { name = "张三", phone = "13800000001", tried = "自助机打印不出证明", divisionCode = DemoData.VillageCode }, Ct), HttpStatusCode.Created);
        Assert.Equal("kiosk", atKiosk.GetProperty("channel").GetString());
        using var clerk = await app.SignedInAsync("village-clerk");
        var atWindow = await JsonAsync(await clerk.PostAsJsonAsync("/api/unresolved-reports", new { name = "李四", phone = "13800000002", tried = "窗口说材料不全但说不清缺什么", divisionCode = DemoData.VillageCode }, Ct), HttpStatusCode.Created);
        Assert.Equal("counter", atWindow.GetProperty("channel").GetString());
        Assert.Equal("李*", atWindow.GetProperty("reporterName").GetString());
    }

    [Fact]
    public async Task An_overdue_report_moves_up_to_the_next_person_in_charge()
    {
        using var kiosk = app.Client();
        var filed = await JsonAsync(await kiosk.PostAsJsonAsync("/api/unresolved-reports", new { name = "王五", phone = "13800000003", tried = "一直没人答复", divisionCode = DemoData.VillageCode }, Ct), HttpStatusCode.Created);
        var id = Guid.Parse(filed.GetProperty("id").GetString()!);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        await app.WithDbAsync(db => db.UnresolvedReports.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.DueDate, today.AddDays(-1)), Ct));
        var moved = await app.WithScopeAsync(s => UnresolvedReports.EscalateOverdueAsync(s.GetRequiredService<OneWindowDb>(), s.GetRequiredService<OneWindow.Calendar.CalendarCache>(), clock, Ct));
        Assert.True(moved >= 1);
        var report = await app.WithDbAsync(db => db.UnresolvedReports.AsNoTracking().SingleAsync(r => r.Id == id, Ct));
        Assert.Equal((DemoData.CountyCode, "王志远", 1), (report.OwnerDivision, report.OwnerName, report.Escalations));
        using var township = await app.SignedInAsync("township-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await township.GetAsync($"/api/unresolved-reports/{id}", Ct)).StatusCode);
        using var county = await app.SignedInAsync("county-supervisor");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/unresolved-reports/{id}", Ct)).StatusCode);
    }
}

public sealed class UnresolvedTestsOnSqlite(SqliteApp app) : UnresolvedTests(app), IClassFixture<SqliteApp>;

public sealed class UnresolvedTestsOnPostgres(PostgresApp app) : UnresolvedTests(app), IClassFixture<PostgresApp>;
