using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Calendar;

/// <summary>The platform on 1 December 2026, 10:00 in Shanghai, before the 2027 holiday notice is loaded.</summary>
public abstract class December2026App : OneWindowApp
{
    public FakeTimeProvider Clock { get; } = CreateClock();

    /// <summary>Seeded on its own clock's day, not the template's.</summary>
    protected override bool FromTemplate => false;

    private static FakeTimeProvider CreateClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return clock;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class December2026SqliteApp : December2026App
{
    public override string Provider => "sqlite";
}

public sealed class December2026PostgresApp : December2026App
{
    public override string Provider => "postgres";
}

/// <summary>
/// An application whose time limit runs into a year without a loaded calendar is accepted with its due
/// date "pending calendar"; admins are warned on /healthz; importing the year computes the due date.
/// </summary>
public abstract class PendingCalendarTests(December2026App app)
{
    [Fact]
    public async Task Due_dates_of_applications_cases_and_tasks_wait_for_next_years_calendar_and_are_computed_on_import()
    {
        // 23 working days from 1 December 2026 end in January 2027.
        await app.WithDbAsync(db => db.ServiceItems.Where(i => i.Code == "CERT-RESIDENCE" || i.Code == "CERT-NO-CRIMINAL-RECORD").ExecuteUpdateAsync(s => s.SetProperty(i => i.TimeLimitDays, 23)));
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var admin = await app.SignedInAsync("admin");

        var application = await CertificateKit.ApplyAsync(resident);
        var item = await app.WithDbAsync(db => db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == "CERT-NO-CRIMINAL-RECORD"));
        var filing = await resident.PostAsJsonAsync("/api/cases", new { itemCode = item.Code, divisionCode = DemoData.VillageCode, fields = SampleForms.For(item.Fields) });
        Assert.True(filing.StatusCode == HttpStatusCode.Created, await filing.Content.ReadAsStringAsync());
        var filed = await filing.Content.ReadFromJsonAsync<JsonElement>();
        var due = await resident.GetFromJsonAsync<JsonElement>("/api/calendar/due?from=2026-12-01&days=23");
        var health = JsonDocument.Parse(await app.Client().GetStringAsync("/healthz")).RootElement;
        var imported = await admin.PostAsync("/api/calendar/import", new StringContent(TestCalendars.Year2027, Encoding.UTF8, "application/json"));
        var after = await resident.GetFromJsonAsync<JsonElement>($"/api/applications/{application.GetProperty("id").GetString()}");
        var dueAfter = await resident.GetFromJsonAsync<JsonElement>("/api/calendar/due?from=2026-12-01&days=23");
        var caseAfter = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{filed.GetProperty("id").GetString()}");

        Assert.True(application.GetProperty("dueDatePending").GetBoolean());
        Assert.False(application.TryGetProperty("dueDate", out _));
        Assert.Equal(2027, due.GetProperty("pendingYear").GetInt32());
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("calendar").GetProperty("status").GetString());
        Assert.Contains("2027", health.GetProperty("checks").GetProperty("calendar").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.True((await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueDatesComputed").GetInt32() >= 1);
        Assert.Equal("2027-01-04", after.GetProperty("dueDate").GetString());
        Assert.False(after.GetProperty("dueDatePending").GetBoolean());
        Assert.Equal("2027-01-04", dueAfter.GetProperty("due").GetString());
        // The engine's case and the task its unit holds, likewise.
        Assert.True(filed.GetProperty("dueDatePending").GetBoolean());
        Assert.True(filed.GetProperty("tasks")[0].GetProperty("dueDatePending").GetBoolean());
        Assert.False(caseAfter.GetProperty("dueDatePending").GetBoolean());
        Assert.Equal("2027-01-04", caseAfter.GetProperty("dueDate").GetString());
        Assert.False(caseAfter.GetProperty("tasks")[0].GetProperty("dueDatePending").GetBoolean());
        Assert.Equal("2027-01-04", caseAfter.GetProperty("tasks")[0].GetProperty("dueDate").GetString());
    }

}

public sealed class PendingCalendarTestsOnSqlite(December2026SqliteApp app) : PendingCalendarTests(app), IClassFixture<December2026SqliteApp>;

public sealed class PendingCalendarTestsOnPostgres(December2026PostgresApp app) : PendingCalendarTests(app), IClassFixture<December2026PostgresApp>;

/// <summary>"Today" is the service's day (Asia/Shanghai), whatever the server's zone.</summary>
public sealed class ServiceDayTests(December2026SqliteApp app) : IClassFixture<December2026SqliteApp>
{
    [Fact]
    public async Task Today_is_the_day_in_Shanghai_not_on_the_server()
    {
        // 1 December 2026 18:30 UTC is already 2 December in Shanghai: a residence that began "today" there is not in the future.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 18, 30, 0, TimeSpan.Zero));
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var today = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学", relation = "self", address = "西关村", residentSince = "2026-12-02", housingType = "owned" } });
        var tomorrow = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学", relation = "self", address = "西关村", residentSince = "2026-12-03", housingType = "owned" } });

        Assert.True(today.StatusCode == HttpStatusCode.Created, await today.Content.ReadAsStringAsync());
        await ProblemAssert.HasFieldErrorAsync(tomorrow, "fields.residentSince");
    }
}
