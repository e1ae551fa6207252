using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Calendar;

public abstract class CalendarApiTests(OneWindowApp app)
{
    private const string Year2027 = """
        {"source":"test notice","years":[2027],"days":[
          {"date":"2027-01-01","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-02","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-03","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-09","kind":"workday","name":"元旦","nameEn":"New Year's Day"}]}
        """;

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
