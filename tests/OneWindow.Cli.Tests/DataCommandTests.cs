using System.Text;

namespace OneWindow.Cli.Tests;

public abstract class DataCommandTests(CliDatabase cli)
{
    [Fact]
    public async Task Calendar_day_prints_workday_or_off_with_the_holiday()
    {
        var holiday = await cli.RunAsync("calendar", "day", "2024-10-01");
        var adjusted = await cli.RunAsync("calendar", "day", "2024-10-12");
        var ordinary = await cli.RunAsync("calendar", "day", "2024-11-25");

        Assert.StartsWith("off 国庆节", holiday.Out, StringComparison.Ordinal);
        Assert.StartsWith("workday", adjusted.Out, StringComparison.Ordinal);
        Assert.Contains("国庆节", adjusted.Out, StringComparison.Ordinal);
        Assert.Equal("workday", ordinary.Out.Trim());
    }

    [Fact]
    public async Task Calendar_due_counts_working_days()
    {
        var result = await cli.RunAsync("calendar", "due", "2024-09-30", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2024-10-10", result.Out.Trim());
    }

    [Fact]
    public async Task A_year_without_data_fails_clearly()
    {
        var result = await cli.RunAsync("calendar", "day", "2031-01-05");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2031", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calendar", "day", "2024/10/01")]
    [InlineData("calendar", "due", "2024-09-30", "three")]
    [InlineData("divisions", "stats", "13a")]
    public async Task Malformed_arguments_are_usage_errors(params string[] args)
    {
        var result = await cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Divisions_stats_count_shijiazhuang()
    {
        var result = await cli.RunAsync("divisions", "stats", "1301");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("石家庄市", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"county\s+24", result.Out);
        Assert.Matches(@"township\s+280", result.Out);
        Assert.Matches(@"village\s+5152", result.Out);
    }

    [Fact]
    public async Task Divisions_import_adds_townships_and_villages_below_a_loaded_county()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "code,level,name,parent\n110105001000,township,建外街道,110105000000\n110105001001,village,永安里社区居民委员会,110105001000\n110105001002,village,光华里社区居民委员会,110105001000\n", Encoding.UTF8);

        var imported = await cli.RunAsync("divisions", "import", file);
        var stats = await cli.RunAsync("divisions", "stats", "110105");
        var again = await cli.RunAsync("divisions", "import", file);

        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("added 3", imported.Out, StringComparison.Ordinal);
        Assert.Matches(@"village\s+2", stats.Out);
        Assert.Contains("added 0", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_division_file_is_refused_whole_with_line_numbers()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "code,level,name,parent\n120105001000,township,某街道,120105000000\n120105001001,village,某社区,999999999999\n", Encoding.UTF8);

        var result = await cli.RunAsync("divisions", "import", file);
        var stats = await cli.RunAsync("divisions", "stats", "120105");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 3", result.Err, StringComparison.Ordinal);
        Assert.Matches(@"township\s+0", stats.Out);
    }

    [Fact]
    public async Task Calendar_import_loads_a_new_year()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, OneWindow.Testing.TestCalendars.Year2027, Encoding.UTF8);
        var junk = Path.GetTempFileName();
        await File.WriteAllTextAsync(junk, """{"source":"test","years":[2029],"days":[{"date":"2029-01-01","kind":"holiday","name":"元旦","nameEn":"New Year's Day"}]}""", Encoding.UTF8);

        var refused = await cli.RunAsync("calendar", "import", junk);
        var imported = await cli.RunAsync("calendar", "import", file);
        var day = await cli.RunAsync("calendar", "day", "2027-02-06");
        var due = await cli.RunAsync("calendar", "due", "2027-12-29", "5");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("春节", refused.Err, StringComparison.Ordinal);
        Assert.Equal(0, imported.ExitCode);
        Assert.StartsWith("off 春节", day.Out, StringComparison.Ordinal);
        Assert.Equal(1, due.ExitCode); // 2028 has no data: an explicit error, not a guess
    }

    [Fact]
    public async Task Catalog_export_then_import_round_trips()
    {
        var file = Path.GetTempFileName();

        var exported = await cli.RunAsync("catalog", "export", "--out", file);
        var imported = await cli.RunAsync("catalog", "import", file);

        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(0, imported.ExitCode);
        Assert.Matches(@"imported \d+ items and \d+ bundles", imported.Out);
    }

    [Fact]
    public async Task A_missing_file_is_reported_without_a_stack_trace()
    {
        var result = await cli.RunAsync("catalog", "import", "/no/such/file.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such file", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_reports_the_schema_version()
    {
        var result = await cli.RunAsync("db", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"database is at migration \d{14}_\w+", result.Out);
        Assert.DoesNotContain("(none)", result.Out, StringComparison.Ordinal);
    }
}

public sealed class DataCommandTestsOnSqlite(SqliteCliDatabase cli) : DataCommandTests(cli), IClassFixture<SqliteCliDatabase>;

public sealed class DataCommandTestsOnPostgres(PostgresCliDatabase cli) : DataCommandTests(cli), IClassFixture<PostgresCliDatabase>;
