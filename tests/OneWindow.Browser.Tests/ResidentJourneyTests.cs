using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Identity;
using OneWindow.Formats;

namespace OneWindow.Browser.Tests;

public sealed class ResidentJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Resident_can_register_sign_in_and_open_a_catalog_item()
    {
        var page = await browser.NewPhonePageAsync();
        var register = new RegisterPage(page);
        var login = new LoginPage(page);
        var catalog = new CatalogPage(page);
        var body = "13012319920415" + Random.Shared.Next(100, 999);
        var idNumber = body + ResidentIdNumber.CheckCharacter(body);

        await register.OpenAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await register.RegisterAsync("刘晓梅", idNumber, "longpass123", "13912345678");
        // Registration answers alike for new and taken numbers, then asks the person to sign in.
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("注册已受理");
        await BrowserFixture.AssertAccessibleAsync(page);
        await login.SignInAsync(idNumber, "longpass123");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("刘晓梅");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(idNumber);

        await catalog.OpenAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await catalog.SearchAsync("居住");
        await catalog.OpenItemAsync("居住证明");
        await Assertions.Expect(catalog.Heading).ToHaveTextAsync("居住证明");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_bad_identity_number_is_explained_on_the_form()
    {
        var page = await browser.NewPhonePageAsync();
        var register = new RegisterPage(page);

        await register.OpenAsync();
        await register.RegisterAsync("刘晓梅", "110105194912310021", "longpass123");

        await Assertions.Expect(register.Errors).ToContainTextAsync("idNumber");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_bundle_page_and_the_english_switch_are_accessible()
    {
        var page = await browser.NewPhonePageAsync();

        await page.GotoAsync("/Catalog/Bundle/NEWBORN");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Elder_mode_has_large_type_the_most_used_services_first_and_stays_accessible()
    {
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "长辈版" }).ClickAsync();

        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("elder");
        var bodySize = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('main p, main label')).fontSize)");
        Assert.True(bodySize >= 24, $"body text is {bodySize}px; 18 pt is 24px");
        await Assertions.Expect(page.Locator(".big-choices a").First).ToHaveTextAsync("开居住证明");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "开居住证明" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("elder");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "标准版" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToHaveClassAsync("elder");
    }

    [Fact]
    public async Task The_accessibility_check_itself_catches_violations()
    {
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync("/healthz");
        await page.SetContentAsync("<html><body><img src='/x.png'><div style='width:900px'>wide</div></body></html>");

        await Assert.ThrowsAnyAsync<Exception>(() => BrowserFixture.AssertAccessibleAsync(page));
    }

    [Fact]
    public async Task Staff_see_their_workbench()
    {
        var page = await browser.NewPhonePageAsync();
        var login = new LoginPage(page);

        await login.OpenAsync();
        await login.SignInAsync("village-reviewer", Seeding.DemoData.Password);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工作台");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("西关村民委员会");
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}
