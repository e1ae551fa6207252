using System.Net.Http.Json;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Browser.Tests;

/// <summary>Two regions' platforms (A on SQLite, B on PostgreSQL) and Chromium: the person in A's browser, B's village reviewer in B's.</summary>
public sealed class FederationBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public SqliteToPostgresPair Pair { get; } = new();

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            SkipReason = $"{BrowserFixture.ChromiumPath} is missing (apt-get install -y chromium)";
            if (Environment.GetEnvironmentVariable("ONEWINDOW_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException($"ONEWINDOW_REQUIRE_BROWSER=1 but {SkipReason}");
            }
            return;
        }
        await Pair.InitializeAsync();
        SkipReason = Pair.SkipReason;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A phone-sized page of its own on <paramref name="app"/>'s server; nothing else may be reached.</summary>
    public async Task<IPage> PageOnAsync(OneWindowApp app)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var root = app.ServerAddress.ToString().TrimEnd('/');
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = root, ViewportSize = new ViewportSize { Width = 360, Height = 740 }, Locale = "zh-CN" });
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith(root, StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Pair.DisposeAsync();
    }
}

/// <summary>
/// 跨省通办 end to end through the browser: a person registered where she lives (A, 广西) applies for a residence
/// certificate from her home village (B, 河北); B's village reviewer approves it in B's workbench; she follows it in A
/// to the certificate, verified there with the village's seal key.
/// </summary>
public sealed class FederationJourneyTests(FederationBrowserFixture fixture) : IClassFixture<FederationBrowserFixture>
{
    [Fact]
    public async Task A_person_applies_in_one_region_for_her_home_villages_certificate_and_follows_it_to_the_end()
    {
        var person = await fixture.PageOnAsync(fixture.Pair.A);
        var reviewer = await fixture.PageOnAsync(fixture.Pair.B);
        var idNumber = OneWindowApp.NewIdNumber();
        using (var client = fixture.Pair.A.Client())
        {
            var registered = await client.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber, password = "longpass123" }, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, registered.StatusCode);
        }
        await new LoginPage(person).OpenAsync();
        await new LoginPage(person).SignInAsync(idNumber, "longpass123");

        await person.GotoAsync("/Cases/Apply/CERT-RESIDENCE");
        await person.Locator("#divisionCode").FillAsync(DemoData.VillageCode);
        await person.Locator("#f-purpose").FillAsync("孩子入学");
        await person.Locator("#f-relation").SelectOptionAsync("self");
        await person.Locator("#f-address").FillAsync("正定镇西关村3组12号");
        await person.Locator("#f-residentSince").FillAsync("2015-03-01");
        await person.Locator("#f-housingType").SelectOptionAsync("owned");
        await person.GetByRole(AriaRole.Button, new() { Name = "下一步：核对" }).ClickAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "确认提交" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Status).First).ToContainTextAsync("将转交河北省办理");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("河北省（跨省通办）");
        await BrowserFixture.AssertAccessibleAsync(person);

        await new LoginPage(reviewer).OpenAsync();
        await new LoginPage(reviewer).SignInAsync("village-reviewer", DemoData.Password);
        await Eventually.Async(async () =>
        {
            await reviewer.GotoAsync("/Workbench");
            return await reviewer.GetByRole(AriaRole.Link, new() { Name = "居住证明", Exact = true }).CountAsync() > 0;
        }, "the case is in B's village workbench");
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "居住证明", Exact = true }).First.ClickAsync();
        await Assertions.Expect(reviewer.Locator("main")).ToContainTextAsync("刘晓梅");
        if (await reviewer.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).CountAsync() > 0)
        {
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        }
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "同意办结" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("已办结");

        await Eventually.Async(async () =>
        {
            await person.ReloadAsync();
            return (await person.Locator("main").InnerTextAsync()).Contains("已用出证单位的印章公钥核验签名", StringComparison.Ordinal);
        }, "the certificate reached A, verified");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("正定县正定镇西关村民委员会");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("已办结");
        await BrowserFixture.AssertAccessibleAsync(person);
        await person.GotoAsync("/Cases");
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("由河北省办理");
    }
}
