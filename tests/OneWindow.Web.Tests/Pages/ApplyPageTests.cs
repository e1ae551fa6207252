using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>The application form's place: checked as the submission checks it, and shown by its name on the check-your-answers page.</summary>
public sealed class ApplyPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private async Task<List<KeyValuePair<string, string>>> NewbornAnswersAsync(string division)
    {
        var fields = await app.WithDbAsync(db => db.Bundles.AsNoTracking().Where(b => b.Code == "NEWBORN").Select(b => b.Fields).SingleAsync());
        return [new("DivisionCode", division), .. SampleForms.For(fields).Select(f => new KeyValuePair<string, string>($"Values[{f.Key}]", f.Value))];
    }

    [Fact]
    public async Task The_check_page_names_the_village_with_the_divisions_above_it_and_a_township_is_told_to_choose_its_village()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var check = await PageForms.PostAsync(resident, "/Cases/Apply/NEWBORN", "Check", await NewbornAnswersAsync(DemoData.VillageCode));
        Assert.Contains("请核对您填写的内容", check, StringComparison.Ordinal);
        Assert.Contains("<dd>河北省 石家庄市 正定县 正定镇 西关村民委员会（130123100201）</dd>", check, StringComparison.Ordinal);

        var township = await PageForms.PostAsync(resident, "/Cases/Apply/NEWBORN", "Check", await NewbornAnswersAsync(DemoData.TownshipCode));
        Assert.DoesNotContain("请核对您填写的内容", township, StringComparison.Ordinal);
        Assert.Contains("正定镇（130123100000）是乡镇（街道）级行政区划，请选择事项所属的、它下面的村（社区）", township, StringComparison.Ordinal);

        var english = await PageForms.PostAsync(resident, "/Cases/Apply/NEWBORN?culture=en", "Check", await NewbornAnswersAsync(DemoData.TownshipCode));
        Assert.Contains("正定镇 (130123100000) is at Township level; choose the village or community under it that the matter belongs to", english, StringComparison.Ordinal);
    }
}
