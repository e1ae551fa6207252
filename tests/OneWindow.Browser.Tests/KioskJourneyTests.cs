using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Browser.Tests;

/// <summary>
/// The kiosk profile on a 1080×1920 portrait screen: large touch targets, a certificate verified by holding its QR code
/// up to the camera (Chromium's fake camera plays a frame of the real certificate's code), a receipt printed, and the idle
/// timeout signing the person out and clearing the page.
/// </summary>
public sealed class KioskJourneyTests : IAsyncLifetime
{
    private readonly KioskApp _app = new();
    private readonly string _camera = Path.Combine(Path.GetTempPath(), $"onewindow-camera-{Guid.NewGuid():N}.y4m");
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _skip;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            _skip = $"{BrowserFixture.ChromiumPath} is missing";
            if (Environment.GetEnvironmentVariable("ONEWINDOW_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException(_skip);
            }
            return;
        }
        await _app.InitializeAsync();
        // The camera shows a blank page until the test puts a certificate's code in front of it.
        Y4m.Write(_camera, null);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={_camera}"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _app.DisposeAsync();
        File.Delete(_camera);
    }

    private async Task<IPage> KioskPageAsync()
    {
        if (_skip is not null)
        {
            Assert.Skip(_skip);
        }
        var root = _app.ServerAddress.ToString().TrimEnd('/');
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = root, ViewportSize = new ViewportSize { Width = 1080, Height = 1920 }, Locale = "zh-CN", HasTouch = true, Permissions = ["camera"],
        });
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith(root, StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Kiosk?on=true");
        return page;
    }

    /// <summary>A certificate issued to the demo resident through the API; the link its QR code carries.</summary>
    private async Task<string> IssuedCertificateLinkAsync()
    {
        using var resident = await _app.SignedInAsync(DemoData.ResidentIdNumber);
        var applied = await resident.PostAsJsonAsync("/api/applications", new
        {
            itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode,
            fields = new { purpose = "孩子入学", relation = "self", address = "正定镇西关村3组12号", residentSince = "2015-03-01", housingType = "owned" },
        }, Ct);
        var id = (await applied.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var reviewer = await _app.SignedInAsync("village-reviewer");
        (await reviewer.PostAsync($"/api/applications/{id}/approve", null, Ct)).EnsureSuccessStatusCode();
        var certificate = await _app.WithDbAsync(async db =>
        {
            var task = await db.ApplicationTasks.Where(t => EF.Property<Guid>(t, "ApplicationId") == id).Select(t => t.Id).SingleAsync(Ct);
            return await db.Certificates.AsNoTracking().SingleAsync(c => c.TaskId == task, Ct);
        });
        return $"{_app.ServerAddress.ToString().TrimEnd('/')}/verify?id={certificate.Identifier}&code={certificate.VerificationCode}";
    }

    [Fact]
    public async Task A_kiosk_verifies_a_certificate_held_up_to_its_camera_with_large_targets_and_no_hover()
    {
        var page = await KioskPageAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("kiosk"));
        // Every tile and nav target is large enough for a finger (WCAG 2.5.5: 44 px; here 64 px and more).
        foreach (var target in await page.Locator("main a, main button, nav a, nav button").AllAsync())
        {
            var box = await target.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 60, $"{await target.InnerTextAsync()} is {box.Height}px high");
        }
        // Nothing is reachable only by hovering: no :hover rule hides or shows anything.
        var hoverOnly = await page.EvaluateAsync<int>("""
            () => [...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r.selectorText && r.selectorText.includes(':hover') && /display|visibility/.test(r.cssText)).length
            """);
        Assert.Equal(0, hoverOnly);
        await BrowserFixture.AssertAccessibleAsync(page, maxWidth: 1080);

        var link = await IssuedCertificateLinkAsync();
        Y4m.Write(_camera, link);
        await page.GetByRole(AriaRole.Link, new() { Name = "扫码核验证明" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "用摄像头扫码核验" }).TapAsync();
        try
        {
            await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("证明有效", new() { Timeout = 20_000 });
        }
        catch (PlaywrightException)
        {
            var state = await page.EvaluateAsync<string>("() => { const v = document.querySelector('video'); return `${document.querySelector('[data-scan] [role=status]')?.textContent} | ${location.href} | video ${v?.videoWidth}x${v?.videoHeight} ${v?.readyState}`; }");
            Assert.Fail(state);
        }
        Assert.Contains("/Verify?id=", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kiosk_prints_a_receipt_and_signs_out_and_clears_the_page_when_left_idle()
    {
        var page = await KioskPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "登录办事" }).TapAsync();
        await page.Locator("#account").FillAsync(DemoData.ResidentIdNumber);
        await page.Locator("#password").FillAsync(DemoData.Password);
        await page.Locator("main button[type=submit]").TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的办件" })).ToBeVisibleAsync();

        // A report of something not got done, and its receipt printed (the print dialog is the browser's; the call is what the page makes).
        await page.GotoAsync("/Report");
        await page.Locator("#phone").FillAsync("13912345678");
        await page.Locator("#tried").FillAsync("自助机上找不到要办的事项");
        await page.Locator("#divisionCode").FillAsync(DemoData.VillageCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交反映" }).TapAsync();
        await Assertions.Expect(page.Locator(".receipt")).ToContainTextAsync("查询编号");
        await page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "打印回执" }).TapAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));

        // Left alone: the page is cleared and the person signed out, back at the kiosk's start.
        await page.GotoAsync("/Report");
        await page.Locator("#tried").FillAsync("写了一半就走开了");
        await page.WaitForURLAsync("**/Kiosk", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录办事" })).ToBeVisibleAsync();
        await page.GotoAsync("/Report");
        Assert.Equal("", await page.Locator("#tried").InputValueAsync());
        await page.GotoAsync("/Cases");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
    }
}

/// <summary>The platform for the kiosk: a short idle timeout so the test sees it.</summary>
public sealed class KioskApp : OneWindowApp
{
    public KioskApp() => UseRealServer();

    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Short enough for the idle test to see, long enough that the other test's checks of a page nobody touches (target
        // sizes, hover rules, axe) finish on a loaded two-core machine before the page is cleared: at 4 s it was cleared
        // in the middle of axe's run in CI.
        builder.UseSetting("Kiosk:IdleSeconds", "12");
    }
}

/// <summary>
/// Writes what Chromium's fake camera plays (a YUV4MPEG2 file, 4:2:0): one white 640×480 frame, with a QR code of
/// <paramref name="text"/> in the middle when given.
/// </summary>
public static class Y4m
{
    public static void Write(string path, string? text)
    {
        const int width = 640, height = 480;
        var y = new byte[width * height];
        Array.Fill(y, (byte)235);
        if (text is not null)
        {
            using var generator = new QRCoder.QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
            var modules = data.ModuleMatrix;
            var size = modules.Count;
            var scale = Math.Min(width, height) * 9 / 10 / size;
            var left = (width - size * scale) / 2;
            var top = (height - size * scale) / 2;
            for (var row = 0; row < size; row++)
            {
                for (var column = 0; column < size; column++)
                {
                    if (!modules[row][column])
                    {
                        continue;
                    }
                    for (var dy = 0; dy < scale; dy++)
                    {
                        Array.Fill(y, (byte)16, (top + row * scale + dy) * width + left + column * scale, scale);
                    }
                }
            }
        }
        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\nFRAME\n"));
        file.Write(y);
        file.Write(chroma);
        file.Write(chroma);
    }
}
