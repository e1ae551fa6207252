using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OneWindow.Testing;

namespace OneWindow.Browser.Tests;

/// <summary>
/// The platform on real Kestrel (loopback, free port, SQLite) and Debian's Chromium driven by
/// Playwright, headless. Without /usr/bin/chromium the tests skip, unless ONEWINDOW_REQUIRE_BROWSER=1.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserApp App { get; } = new();

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"{ChromiumPath} is missing (apt-get install -y chromium)";
            if (Environment.GetEnvironmentVariable("ONEWINDOW_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException($"ONEWINDOW_REQUIRE_BROWSER=1 but {SkipReason}");
            }
            return;
        }
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) at phone width, pointed at the server.</summary>
    public async Task<IPage> NewPhonePageAsync()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            Locale = "zh-CN",
        });
        // Nothing but the server under test may be reached.
        await context.RouteAsync("**/*", route =>
            route.Request.Url.StartsWith(App.ServerAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        return await context.NewPageAsync();
    }

    /// <summary>Runs axe-core against WCAG 2.1 A and AA and fails on any violation; checks the page fits 360 px.</summary>
    public static async Task AssertAccessibleAsync(IPage page, int maxWidth = 360)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})"));
        Assert.True(result.Violations.Length == 0, $"axe violations on {page.Url}:\n{violations}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the {maxWidth}px viewport");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The platform on SQLite, served over Kestrel for the browser.</summary>
public sealed class BrowserApp : OneWindowApp
{
    public BrowserApp() => UseRealServer();

    public override string Provider => "sqlite";
}
