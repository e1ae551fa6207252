using OneWindow.Applications;
using OneWindow.Identity;
using OneWindow.Seeding;

namespace OneWindow.Core.Tests.Applications;

/// <summary>The demo county can handle everything the catalog offers: every item routes to a demo unit with staff who can act on it.</summary>
public sealed class DemoCoverageTests
{
    private static readonly IReadOnlyList<RoutableUnit> s_units =
        [.. DemoData.Units.Select((u, i) => new RoutableUnit(new Guid(i + 1, 0, 0, new byte[8]), u.Name, u.Department, u.DivisionCode))];

    [Fact]
    public void Every_item_of_the_catalog_routes_to_a_demo_unit_for_the_demo_village()
    {
        var routed = TaskRouter.RouteAll(ApplicationPlannerTests.Items.Values, DemoData.VillageCode, s_units);

        Assert.True(routed.Succeeded, routed.Failure?.Detail);
    }

    [Fact]
    public void Every_unit_that_receives_tasks_has_someone_to_accept_and_decide_them()
    {
        var receiving = ApplicationPlannerTests.Items.Values
            .Select(item => TaskRouter.Route(item, DemoData.VillageCode, s_units).Value!.Name)
            .Distinct()
            .Select(name => DemoData.Units.Single(u => u.Name == name).Key);

        var unstaffed = receiving.Where(key => !DemoData.Staff.Any(s => s.UnitKey == key && s.Roles.HasFlag(StaffRoles.Reviewer))).ToList();

        Assert.Empty(unstaffed);
    }

    [Fact]
    public void Demo_keys_and_account_names_are_unique()
    {
        Assert.Equal(DemoData.Units.Count, DemoData.Units.Select(u => u.Key).Distinct().Count());
        Assert.Equal(DemoData.Staff.Count, DemoData.Staff.Select(s => s.UserName).Distinct().Count());
        Assert.All(DemoData.Staff, s => Assert.Contains(DemoData.Units, u => u.Key == s.UnitKey));
    }
}
