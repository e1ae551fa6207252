using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Calendar;

public abstract class CalendarApiTests(OneWindowApp app)
{
    private const string Year2027 = TestCalendars.Year2027;

    [Fact]
    public async Task The_calendar_is_served_from_memory_and_reloaded_after_an_import()
    {
        using var client = app.Client();
        using var admin = await app.SignedInAsync("admin");
        async Task<bool> IsWorkdayAsync() => (await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2005-10-03")).GetProperty("isWorkday").GetBoolean();
        Task<int> SetKindAsync(OneWindow.Calendar.DayKind kind) => app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.CalendarDays.Where(d => d.Date == new DateOnly(2005, 10, 3)), s => s.SetProperty(d => d.Kind, kind)));
        Task ImportAsync() => admin.PostAsync("/api/calendar/import", new StringContent(Year2027, System.Text.Encoding.UTF8, "application/json"));

        Assert.False(await IsWorkdayAsync());
        await SetKindAsync(OneWindow.Calendar.DayKind.Workday); // behind the cache's back
        var cached = await IsWorkdayAsync();
        await ImportAsync();
        var reloaded = await IsWorkdayAsync();
        await SetKindAsync(OneWindow.Calendar.DayKind.Holiday);
        await ImportAsync();

        Assert.False(cached);
        Assert.True(reloaded);
        Assert.False(await IsWorkdayAsync());
    }

    [Fact]
    public async Task Days_are_workdays_or_off_with_the_holiday_named()
    {
        using var client = app.Client();

        var holiday = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2024-10-01");
        var adjusted = await client.GetFromJsonAsync<JsonElement>("/api/calendar/days/2024-10-12");

        Assert.False(holiday.GetProperty("isWorkday").GetBoolean());
        Assert.Equal("国庆节", holiday.GetProperty("holidayName").GetString());
        Assert.True(adjusted.GetProperty("isWorkday").GetBoolean());
        Assert.True(adjusted.GetProperty("isAdjustedWorkday").GetBoolean());
    }

    [Fact]
    public async Task Due_dates_skip_the_national_day_break()
    {
        using var client = app.Client();

        var due = await client.GetFromJsonAsync<JsonElement>("/api/calendar/due?from=2024-09-30&days=3");

        Assert.Equal("2024-10-10", due.GetProperty("due").GetString());
    }

    [Fact]
    public async Task Years_without_data_and_bad_dates_are_problems()
    {
        using var client = app.Client();

        var missing = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/calendar/days/2031-05-01"), HttpStatusCode.NotFound);
        Assert.Contains("2031", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.HasFieldErrorAsync(await client.GetAsync("/api/calendar/days/2024-02-30"), "date");
        await ProblemAssert.HasFieldErrorAsync(await client.GetAsync("/api/calendar/due?from=2024-09-30"), "days");
        await ProblemAssert.HasFieldErrorAsync(await client.GetAsync("/api/calendar/due?from=2024-09-30&days=0"), "days");
    }

    [Fact]
    public async Task A_platform_admin_imports_a_new_year_and_it_is_used_at_once()
    {
        using var admin = await app.SignedInAsync("admin");

        var imported = await admin.PostAsync("/api/calendar/import", new StringContent(Year2027, System.Text.Encoding.UTF8, "application/json"));
        var day = await admin.GetFromJsonAsync<JsonElement>("/api/calendar/days/2027-01-09");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.True(day.GetProperty("isWorkday").GetBoolean());
    }

    [Fact]
    public async Task Others_cannot_import_and_a_broken_file_changes_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var admin = await app.SignedInAsync("admin");
        var before = await admin.GetStringAsync("/api/calendar/years");

        var refused = await resident.PostAsync("/api/calendar/import", new StringContent(Year2027, System.Text.Encoding.UTF8, "application/json"));
        var broken = await admin.PostAsync("/api/calendar/import", new StringContent(Year2027.Replace("2027-01-09", "2027-01-08", StringComparison.Ordinal).Replace("[2027]", "[2028]", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(broken, HttpStatusCode.BadRequest);
        Assert.Equal(before, await admin.GetStringAsync("/api/calendar/years"));
    }
}

public sealed class CalendarApiTestsOnSqlite(SqliteApp app) : CalendarApiTests(app), IClassFixture<SqliteApp>;

public sealed class CalendarApiTestsOnPostgres(PostgresApp app) : CalendarApiTests(app), IClassFixture<PostgresApp>;
