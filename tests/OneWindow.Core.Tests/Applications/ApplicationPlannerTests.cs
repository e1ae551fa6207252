using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Testing;

namespace OneWindow.Core.Tests.Applications;

public sealed class ApplicationPlannerTests
{
    private static readonly DateOnly s_today = new(2026, 9, 28);
    private static readonly CatalogDocument s_catalog = CatalogDocument.Shipped();
    internal static readonly Dictionary<string, ServiceItem> Items = s_catalog.Items.Select(i => i.ToEntity()).ToDictionary(i => i.Code, StringComparer.Ordinal);
    internal static readonly Dictionary<string, Bundle> Bundles = s_catalog.Bundles.Select(b => b.ToEntity()).ToDictionary(b => b.Code, StringComparer.Ordinal);

    [Fact]
    public void The_newborn_form_becomes_seven_tasks_each_with_its_own_field_names_and_prerequisites()
    {
        var bundle = Bundles["NEWBORN"];
        var form = SampleForms.For(bundle.Fields);
        form["childName"] = "李小满";

        var plan = ApplicationPlanner.Plan(bundle, Items, form, s_today);

        Assert.True(plan.Succeeded, plan.Failure?.Detail);
        var tasks = plan.Value!.ToDictionary(t => t.ItemCode);
        Assert.Equal(bundle.Items, plan.Value!.Select(t => t.ItemCode));
        Assert.Equal("李小满", tasks["BIRTH-MEDICAL-CERT"].Fields["childName"]);
        Assert.Equal("李小满", tasks["MEDICAL-INSURANCE-ENROL"].Fields["insuredName"]);
        Assert.Equal("李小满", tasks["SOCIAL-SECURITY-CARD"].Fields["cardholderName"]);
        Assert.False(tasks["VACCINATION-CERT"].Fields.ContainsKey("birthHospital")); // only what is mapped to the item
        Assert.Empty(tasks["BIRTH-MEDICAL-CERT"].Requires);
        Assert.Equal(["BIRTH-MEDICAL-CERT"], tasks["HOUSEHOLD-REG-BIRTH"].Requires);
        Assert.Equal(["SOCIAL-SECURITY-CARD"], tasks["BANK-ACCOUNT-NEWBORN"].Requires);
        // The child's identity number does not exist when the parents fill the form: household registration gives it.
        Assert.Contains("insuredIdNumber", tasks["MEDICAL-INSURANCE-ENROL"].Awaited);
        Assert.DoesNotContain("insuredName", tasks["MEDICAL-INSURANCE-ENROL"].Awaited);
    }

    [Fact]
    public void Every_error_of_the_form_is_named_next_to_its_field()
    {
        var bundle = Bundles["NEWBORN"];
        var form = SampleForms.For(bundle.Fields);
        form.Remove("childName");
        form["motherIdNumber"] = "130123198806121239"; // wrong check digit
        form["birthDate"] = "2099-01-01"; // the bundle's field allows it; the items' birth-date fields do not
        form["shoeSize"] = "20";

        var plan = ApplicationPlanner.Plan(bundle, Items, form, s_today);

        var errors = Assert.IsType<ValidationFailed>(plan.Failure).Errors;
        Assert.Equal(["fields.birthDate", "fields.childName", "fields.motherIdNumber", "fields.shoeSize"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(OneWindow.Common.Texts.T("is required"), errors["fields.childName"][0]);
    }

    [Fact]
    public void A_single_item_is_one_task_with_the_whole_form()
    {
        var item = Items["CERT-RESIDENCE"];
        var form = SampleForms.For(item.Fields);

        var plan = ApplicationPlanner.Plan(item, form, s_today);

        var task = Assert.Single(plan.Value!);
        Assert.Equal("CERT-RESIDENCE", task.ItemCode);
        Assert.Equal(form.Count, task.Fields.Count);
        Assert.Empty(task.Requires);
    }

    public static TheoryData<string> ShippedBundles => [.. Bundles.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedBundles))]
    public void Every_shipped_bundle_plans_from_a_valid_form_into_a_task_per_item_in_prerequisite_order(string code)
    {
        var bundle = Bundles[code];

        var plan = ApplicationPlanner.Plan(bundle, Items, SampleForms.For(bundle.Fields), s_today);

        Assert.True(plan.Succeeded, plan.Failure?.Detail);
        Assert.Equal(bundle.Items.Count, plan.Value!.Count);
        var planned = plan.Value!.Select(t => t.ItemCode).ToHashSet();
        Assert.All(plan.Value!, t => Assert.All(t.Requires, r => Assert.Contains(r, planned)));
        Assert.Contains(plan.Value!, t => t.Requires.Count == 0); // something can start at once
    }
}
