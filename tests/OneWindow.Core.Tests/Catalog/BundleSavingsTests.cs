using OneWindow.Catalog;

namespace OneWindow.Core.Tests.Catalog;

public sealed class BundleSavingsTests
{
    [Fact]
    public void The_newborn_bundle_saves_forms_fields_trips_and_days_against_its_items_done_one_by_one()
    {
        var catalog = CatalogDocument.Shipped();
        var items = catalog.Items.Select(i => i.ToEntity()).ToDictionary(i => i.Code);
        var newborn = catalog.Bundles.Single(b => b.Code == "NEWBORN").ToEntity();

        var saved = BundleSavings.Of(newborn, items);

        var members = newborn.Items.Select(c => items[c]).ToList();
        Assert.Equal(members.Count, saved.Items);
        Assert.Equal(members.Count - 1, saved.FormsSaved);
        Assert.Equal(members.Count + members.Count(i => i.Output.Physical), saved.TripsSeparately);
        Assert.True(saved.Fields < saved.FieldsSeparately, $"{saved.Fields} fields once against {saved.FieldsSeparately}");
        Assert.True(saved.WorkingDays < saved.WorkingDaysSeparately);
    }

    [Fact]
    public void Items_missing_from_the_catalog_are_not_counted()
    {
        var bundle = new Bundle { Code = "X", Name = "X", NameEn = "X", TimeLimitDays = 3, Items = ["GONE"] };

        var saved = BundleSavings.Of(bundle, new Dictionary<string, ServiceItem>());

        Assert.Equal(0, saved.Items);
        Assert.Equal(0, saved.FormsSaved);
        Assert.Equal(0, saved.TripsSeparately);
    }
}
