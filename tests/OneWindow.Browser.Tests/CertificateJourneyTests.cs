using System.Diagnostics;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Seeding;

namespace OneWindow.Browser.Tests;

/// <summary>The resident and the village reviewer, each in their own browser, from application to a verified PDF.</summary>
public sealed class CertificateJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Resident_can_apply_and_download_a_certificate_the_reviewer_approved()
    {
        var resident = await browser.NewPhonePageAsync();
        var reviewer = await browser.NewPhonePageAsync();
        await new LoginPage(resident).OpenAsync();
        await new LoginPage(resident).SignInAsync(DemoData.ResidentIdNumber, DemoData.Password);
        await new LoginPage(reviewer).OpenAsync();
        await new LoginPage(reviewer).SignInAsync("village-reviewer", DemoData.Password);

        await resident.GotoAsync("/Catalog/Item/CERT-RESIDENCE");
        await resident.GetByRole(AriaRole.Link, new() { Name = "在线申请" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(resident);
        // The village by choosing level by level, then by searching its name: both fill in the code.
        await resident.Locator("select[data-level=province]").SelectOptionAsync(DemoData.VillageCode[..2] + "0000000000");
        await resident.Locator("select[data-level=city]").SelectOptionAsync(DemoData.VillageCode[..4] + "00000000");
        await resident.Locator("select[data-level=county]").SelectOptionAsync(DemoData.VillageCode[..6] + "000000");
        await resident.Locator("select[data-level=township]").SelectOptionAsync(DemoData.TownshipCode);
        await resident.Locator("select[data-level=village]").SelectOptionAsync(DemoData.VillageCode);
        await Assertions.Expect(resident.Locator("#divisionCode")).ToHaveValueAsync(DemoData.VillageCode);
        await Assertions.Expect(resident.Locator(".picker-chosen")).ToContainTextAsync("河北省 石家庄市 正定县 正定镇 西关村民委员会");
        await resident.Locator("#divisionCode").FillAsync("");
        await resident.Locator("#divisionSearch").FillAsync("西关");
        await resident.GetByRole(AriaRole.Button, new() { Name = "正定县 正定镇 西关村民委员会" }).ClickAsync();
        await Assertions.Expect(resident.Locator("#divisionCode")).ToHaveValueAsync(DemoData.VillageCode);
        await BrowserFixture.AssertAccessibleAsync(resident);
        await resident.Locator("#f-purpose").FillAsync("孩子入学");
        await resident.Locator("#f-relation").SelectOptionAsync("self");
        await resident.Locator("#f-address").FillAsync("正定镇西关村3组12号");
        await resident.Locator("#f-residentSince").FillAsync("2015-03-01");
        await resident.Locator("#f-housingType").SelectOptionAsync("owned");
        var clock = Stopwatch.StartNew();
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Assertions.Expect(resident.Locator("main")).ToContainTextAsync("审核中");
        await BrowserFixture.AssertAccessibleAsync(resident);

        await reviewer.GotoAsync("/Queue");
        await BrowserFixture.AssertAccessibleAsync(reviewer);
        await Assertions.Expect(reviewer.Locator("main")).ToContainTextAsync("张秀兰");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "同意并出证" }).First.ClickAsync();
        await Assertions.Expect(reviewer.Locator("main")).ToContainTextAsync("没有待审核的申请");

        await resident.GotoAsync("/Certificates");
        var download = await resident.RunAndWaitForDownloadAsync(() => resident.GetByRole(AriaRole.Link, new() { Name = "下载 PDF" }).First.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"onewindow-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        var elapsed = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"submit → PDF in hand: {elapsed.TotalSeconds:F2} s");
        Assert.True((await File.ReadAllBytesAsync(path)).AsSpan().StartsWith("%PDF-"u8));

        var verifier = await browser.NewPhonePageAsync();
        await verifier.GotoAsync("/Verify");
        await verifier.Locator("#pdf").SetInputFilesAsync(path);
        await verifier.GetByRole(AriaRole.Button, new() { Name = "核验", Exact = true }).ClickAsync();
        await Assertions.Expect(verifier.Locator("#verdict")).ToContainTextAsync("证明有效");
        await Assertions.Expect(verifier.Locator("#verdict")).ToContainTextAsync("张*兰");
        await BrowserFixture.AssertAccessibleAsync(verifier);
        File.Delete(path);
    }
}
