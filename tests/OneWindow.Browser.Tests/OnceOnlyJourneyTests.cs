using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Catalog;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Browser.Tests;

/// <summary>
/// 免填单 in the browser: a parent opening the newborn form first sees which data from which department could
/// fill it — nothing read yet — agrees, finds the answers filled and marked with their source, types the rest,
/// and after submitting sees what the data saved and the reads in their data log.
/// </summary>
public sealed class OnceOnlyJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_parent_sees_what_would_be_used_agrees_and_submits_a_form_filled_from_their_own_data()
    {
        var newborn = await browser.App.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN"));
        var page = await browser.NewPhonePageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(DemoData.ResidentIdNumber, DemoData.Password);
        await Assertions.Expect(page.Locator("h1")).Not.ToContainTextAsync("登录");

        await page.GotoAsync("/Cases/Apply/NEWBORN");
        await page.Locator("#divisionCode").FillAsync(DemoData.VillageCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查看可用的数据" }).ClickAsync();
        var offer = page.Locator("section[aria-labelledby=prefill-title]");
        await Assertions.Expect(offer).ToContainTextAsync("户籍信息");
        await Assertions.Expect(offer).ToContainTextAsync("正定县医疗保障局");
        await Assertions.Expect(offer).ToContainTextAsync("出生医学记录");
        await Assertions.Expect(offer).ToContainTextAsync("父母一方的居民户口簿");
        await Assertions.Expect(page.Locator("#f-childName")).ToHaveValueAsync(""); // seen, not read
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "同意并填入" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-childName")).ToHaveValueAsync(DemoData.NewbornName);
        await Assertions.Expect(page.Locator("#f-childSex")).ToHaveValueAsync("female");
        await Assertions.Expect(page.Locator("#f-guardianIdNumber")).ToHaveValueAsync(DemoData.ResidentIdNumber);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("免交");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("来自 户籍信息（公安）");
        await BrowserFixture.AssertAccessibleAsync(page);

        var form = SampleForms.For(newborn.Fields);
        form["motherIdNumber"] = OneWindowApp.NewIdNumber();
        foreach (var field in newborn.Fields)
        {
            var input = page.Locator($"#f-{field.Name}");
            if (await input.InputValueAsync() is { Length: > 0 })
            {
                continue;
            }
            if (field.Type is FieldType.Choice or FieldType.Boolean)
            {
                await input.SelectOptionAsync(form[field.Name]);
            }
            else
            {
                await input.FillAsync(form[field.Name]);
            }
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步：核对" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("请核对您填写的内容");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("来自 出生医学记录（卫生健康）");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认提交" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("申请已提交");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("经您同意，免填");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("经您同意由共享数据代替，免交");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看数据使用记录" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("办理新生儿出生一件事");
    }
}
