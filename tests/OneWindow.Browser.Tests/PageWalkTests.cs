using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Seeding;

namespace OneWindow.Browser.Tests;

/// <summary>
/// Every main page as each kind of person sees it — visitor and verifier, resident, clerk, reviewer, unit admin — in
/// Chinese and in English: no axe-core violation, nothing wider than a phone, no catalog code or raw state shown to
/// a person, and in English no Chinese in the interface's own words (labels, buttons, headings of tables, legends).
/// Each page's screenshot is saved; with ONEWINDOW_SCREENSHOTS=dir they go there (docs/screenshots for the README).
/// </summary>
public sealed partial class PageWalkTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Anonymous = ["/", "/Catalog", "/Catalog/Item/CERT-RESIDENCE", "/Catalog/Bundle/NEWBORN", "/Verify", "/Account/Login", "/Account/Register", "/Report", "/Error/404"];

    private static readonly (string Account, string[] Pages)[] Staff =
    [
        ("village-clerk", ["/", "/Workbench"]),
        ("village-reviewer", ["/Queue", "/Units/Certificates"]),
        ("village-admin", ["/Units/Staff", "/Units/Seals"]),
        ("township-admin", ["/Units/Seals"]),
        ("admin", ["/Admin", "/Admin/Item/CERT-RESIDENCE", "/Admin/Bundle/NEWBORN", "/Admin/Rules", "/Admin/Federation"]),
        ("county-civil-affairs-reviewer", ["/Units/Benefits"]),
        ("county-medical-insurance-reviewer", ["/Units/Claims"]),
        ("county-supervisor", ["/Supervision", "/Units/Ratings", "/Units/Rectifications", "/Units/Reports"]),
    ];

    private static readonly string[] Resident = ["/", "/Cases", "/Certificates", "/DataLog", "/Cases/Apply/NEWBORN", "/Certificates/Apply/CERT-RESIDENCE", "/Benefits", "/Inbox"];

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Every_main_page_reads_in_the_language_without_codes_and_passes_axe(string language)
    {
        var visitor = await browser.NewPhonePageAsync();
        await SetLanguageAsync(visitor, language);
        foreach (var path in Anonymous)
        {
            await WalkAsync(visitor, path, language, "visitor");
        }

        var resident = await browser.NewPhonePageAsync();
        await new LoginPage(resident).OpenAsync();
        await new LoginPage(resident).SignInAsync(DemoData.ResidentIdNumber, DemoData.Password);
        await SetLanguageAsync(resident, language);
        foreach (var path in Resident)
        {
            await WalkAsync(resident, path, language, "resident");
        }

        foreach (var (account, pages) in Staff)
        {
            var staff = await browser.NewPhonePageAsync();
            await new LoginPage(staff).OpenAsync();
            await new LoginPage(staff).SignInAsync(account, DemoData.Password);
            await SetLanguageAsync(staff, language);
            foreach (var path in pages)
            {
                await WalkAsync(staff, path, language, account);
            }
        }

        var elder = await browser.NewPhonePageAsync();
        await SetLanguageAsync(elder, language);
        await elder.GotoAsync("/Elder?on=true");
        await WalkAsync(elder, "/", language, "elder");
    }

    private static async Task SetLanguageAsync(IPage page, string language) =>
        await page.GotoAsync($"/Culture?c={language}&returnUrl=%2F");

    private static async Task WalkAsync(IPage page, string path, string language, string who)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is not null && (response.Ok || path.StartsWith("/Error", StringComparison.Ordinal)), $"{who} {path}: {response?.Status}");
        await BrowserFixture.AssertAccessibleAsync(page);

        var text = await page.Locator("main").InnerTextAsync();
        var codes = CatalogCode().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(codes.Count == 0, $"{who} {path} ({language}) shows codes: {string.Join(", ", codes)}");

        if (language == "en")
        {
            var chinese = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('label, button, th, legend, summary, .top nav a, footer')]
                    .filter(e => !e.closest('[lang^="zh"]'))
                    .map(e => { const c = e.cloneNode(true); c.querySelectorAll('select, [lang^="zh"]').forEach(x => x.remove()); return c.textContent.trim(); })
                    .filter(t => /[\u4e00-\u9fff]/.test(t))
                """);
            // A label may name a Chinese place or unit the person chose (and a select lists them); the interface's own words must be English.
            var untranslated = chinese.Where(t => !DataOnly().IsMatch(t)).ToList();
            Assert.True(untranslated.Count == 0, $"{who} {path} (en) has Chinese interface text: {string.Join(" | ", untranslated)}");
        }

        var directory = Environment.GetEnvironmentVariable("ONEWINDOW_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "onewindow-screenshots");
        Directory.CreateDirectory(directory);
        var name = $"{who}{path.Replace('/', '-').TrimEnd('-')}-{language}.png".Replace("--", "-", StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = false });
    }

    /// <summary>Item and bundle codes of the catalog (CERT-RESIDENCE, NEWBORN-…), never meant for a person.</summary>
    [GeneratedRegex(@"\b(?:CERT|BIRTH|VACCINATION|HOUSEHOLD|MEDICAL|SOCIAL|ENTERPRISE|FOOD|ROAD|VEHICLE|NEWBORN|SCHOOL|DISABILITY|RETIREMENT|PENSION)-[A-Z-]+\b")]
    private static partial Regex CatalogCode();

    /// <summary>Text that is a person's data, not the interface: a division or unit name picked from the records.</summary>
    [GeneratedRegex(@"^[\u4e00-\u9fff（）()·\s]+(?:村民委员会|居民委员会|镇|乡|街道|县|市|省|局|院|所|中心)$")]
    private static partial Regex DataOnly();
}
