using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Testing;

namespace OneWindow.Core.Tests.Applications;

public sealed class TaskRouterTests
{
    private const string Village = "130123100201"; // 正定县正定镇西关村
    private static readonly RoutableUnit s_townshipPolice = new(Guid.CreateVersion7(), "正定镇派出所", DepartmentKind.Police, "130123100000");
    private static readonly RoutableUnit s_countyHealth = new(Guid.CreateVersion7(), "正定县卫生健康局", DepartmentKind.Health, "130123000000");
    private static readonly RoutableUnit s_otherCountyHealth = new(Guid.CreateVersion7(), "藁城区卫生健康局", DepartmentKind.Health, "130109000000");

    [Fact]
    public void A_task_goes_to_its_department_at_the_items_level_above_the_matters_village()
    {
        var units = new[] { s_otherCountyHealth, s_countyHealth, s_townshipPolice };

        Assert.Equal(s_townshipPolice, TaskRouter.Route(ApplicationPlannerTests.Items["HOUSEHOLD-REG-BIRTH"], Village, units).Value);
        Assert.Equal(s_countyHealth, TaskRouter.Route(ApplicationPlannerTests.Items["BIRTH-MEDICAL-CERT"], Village, units).Value);
    }

    [Fact]
    public void Without_a_competent_unit_the_plan_is_refused_naming_every_missing_one()
    {
        var items = ApplicationPlannerTests.Bundles["NEWBORN"].Items.Select(c => ApplicationPlannerTests.Items[c]).ToList();

        var routed = TaskRouter.RouteAll(items, Village, [s_countyHealth, s_townshipPolice]);

        var failure = Assert.IsType<NoCompetentUnit>(routed.Failure);
        Assert.Equal(["BANK-ACCOUNT-NEWBORN", "MEDICAL-INSURANCE-E-VOUCHER", "MEDICAL-INSURANCE-ENROL", "SOCIAL-SECURITY-CARD", "VACCINATION-CERT"], failure.Missing.Select(m => m.ItemCode).Order(StringComparer.Ordinal));
        var vaccination = failure.Missing.Single(m => m.ItemCode == "VACCINATION-CERT");
        Assert.Equal("130123100000", vaccination.DivisionCode); // township health centre
        Assert.Contains("130123100000", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_among_equals_is_stable()
    {
        var first = s_countyHealth with { Id = Guid.Parse("00000000-0000-7000-8000-000000000001") };
        var second = s_countyHealth with { Id = Guid.Parse("00000000-0000-7000-8000-000000000002"), Name = "正定县卫生健康局（二）" };
        var item = ApplicationPlannerTests.Items["BIRTH-MEDICAL-CERT"];

        Assert.Equal(first, TaskRouter.Route(item, Village, [second, first]).Value);
        Assert.Equal(first, TaskRouter.Route(item, Village, [first, second]).Value);
    }
}
