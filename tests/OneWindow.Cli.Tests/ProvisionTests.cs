using System.Text.RegularExpressions;

namespace OneWindow.Cli.Tests;

public abstract partial class ProvisionTests(CliDatabase cli)
{
    [Fact]
    public async Task A_township_is_provisioned_with_units_accounts_and_seals_and_a_second_run_changes_nothing()
    {
        var first = await cli.RunAsync("units", "provision", "130123102");
        var second = await cli.RunAsync("units", "provision", "130123102");
        var stats = await cli.RunAsync("divisions", "stats", "130123102");

        Assert.True(first.ExitCode == 0, first.Err);
        var villages = int.Parse(VillageCount().Match(stats.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"provisioned {villages + 1} units with {villages + 1} admin accounts and {villages + 1} seals", first.Out, StringComparison.Ordinal);
        Assert.Contains("units (", first.Err, StringComparison.Ordinal); // progress output
        Assert.Contains($"provisioned 0 units", second.Out, StringComparison.Ordinal);
        Assert.Contains($"{villages + 1} already had a unit", second.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13x")]
    [InlineData("130123102001")]
    public async Task Bad_or_village_codes_are_refused(string code)
    {
        var result = await cli.RunAsync("units", "provision", code);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error", result.Err, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"village\s+(\d+)")]
    private static partial Regex VillageCount();
}

public sealed class ProvisionTestsOnSqlite(SqliteCliDatabase cli) : ProvisionTests(cli), IClassFixture<SqliteCliDatabase>;

public sealed class ProvisionTestsOnPostgres(PostgresCliDatabase cli) : ProvisionTests(cli), IClassFixture<PostgresCliDatabase>;
