using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        var departments = int.Parse(DepartmentCount().Match(first.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var all = villages + 1 + departments;
        Assert.Contains($"provisioned {all} units with {all} admin accounts and {all} seals", first.Out, StringComparison.Ordinal);
        Assert.Contains("units (", first.Err, StringComparison.Ordinal); // progress output
        Assert.Contains($"provisioned 0 units", second.Out, StringComparison.Ordinal);
        // Offices above the township may have come from another test's run: at least these were there.
        Assert.True(int.Parse(SkippedCount().Match(second.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= all, second.Out);
    }

    [Fact]
    public async Task After_provisioning_every_item_of_the_catalog_routes_from_every_village_to_a_unit_with_an_admin()
    {
        var result = await cli.RunAsync("units", "provision", "130123103");
        Assert.True(result.ExitCode == 0, result.Err);

        await using var services = cli.Services();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var items = await db.ServiceItems.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        var units = (await db.Units.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken))
            .Select(u => new OneWindow.Applications.RoutableUnit(u.Id, u.Name, u.Department, u.DivisionCode)).ToList();
        var villages = await db.Divisions.AsNoTracking().Where(d => d.ParentCode == "130123103000").Select(d => d.Code).ToListAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(villages);
        foreach (var village in villages)
        {
            var routed = OneWindow.Applications.TaskRouter.RouteAll(items, village, units);
            Assert.True(routed.Succeeded, routed.Failure?.Detail);
        }
        var police = await db.Units.AsNoTracking().SingleAsync(u => u.Department == OneWindow.Catalog.DepartmentKind.Police && u.DivisionCode == "130123000000", TestContext.Current.CancellationToken);
        Assert.Equal("正定县公安局", police.Name);
        Assert.True(await db.Users.AnyAsync(a => a.UnitId == police.Id && a.Roles == OneWindow.Identity.StaffRoles.UnitAdmin, TestContext.Current.CancellationToken));
        Assert.True(await db.Seals.AnyAsync(s => s.UnitId == police.Id, TestContext.Current.CancellationToken));
        Assert.NotNull(police.SupervisingUnitId); // the city's public-security bureau, also provisioned
        var centre = await db.Units.AsNoTracking().SingleAsync(u => u.Kind == OneWindow.Identity.UnitKind.TownshipCentre && u.DivisionCode == "130123103000", TestContext.Current.CancellationToken);
        var bureau = await db.Units.AsNoTracking().SingleAsync(u => u.Id == centre.SupervisingUnitId, TestContext.Current.CancellationToken);
        Assert.Equal(("正定县行政审批局", OneWindow.Identity.UnitKind.CountyBureau), (bureau.Name, bureau.Kind)); // villages → township → county government
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

    [GeneratedRegex(@"(\d+) already had a unit")]
    private static partial Regex SkippedCount();

    [GeneratedRegex(@"\((\d+) of them department offices\)")]
    private static partial Regex DepartmentCount();

    [GeneratedRegex(@"village\s+(\d+)")]
    private static partial Regex VillageCount();
}

public sealed class ProvisionTestsOnSqlite(SqliteCliDatabase cli) : ProvisionTests(cli), IClassFixture<SqliteCliDatabase>;

public sealed class ProvisionTestsOnPostgres(PostgresCliDatabase cli) : ProvisionTests(cli), IClassFixture<PostgresCliDatabase>;
