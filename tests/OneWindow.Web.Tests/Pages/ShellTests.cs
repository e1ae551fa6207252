using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

public abstract class ShellTests(OneWindowApp app)
{
    [Fact]
    public async Task Health_is_reported()
    {
        using var client = app.Client();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(report.GetProperty("checks").TryGetProperty("calendar", out _));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Catalog")]
    [InlineData("/Catalog?q=出生")]
    [InlineData("/Catalog/Item/CERT-RESIDENCE")]
    [InlineData("/Catalog/Bundle/NEWBORN")]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task Public_pages_render_in_chinese_by_default(string path)
    {
        using var client = app.Client();

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_english_switch_sticks_with_a_cookie()
    {
        using var client = app.Client();

        var switched = await client.GetAsync("/Culture?c=en&returnUrl=%2FCatalog");
        var page = await client.GetStringAsync("/Catalog/Item/CERT-RESIDENCE");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Catalog", switched.Headers.Location?.OriginalString);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("Residence certificate", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_culture_switch_refuses_to_redirect_off_site()
    {
        using var client = app.Client();

        var response = await client.GetAsync("/Culture?c=en&returnUrl=https%3A%2F%2Fevil.example");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Unknown_pages_are_404()
    {
        using var client = app.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Catalog/Item/NO-SUCH")).StatusCode);
    }

    [Fact]
    public async Task The_admin_editor_is_for_platform_admins_only()
    {
        using var anonymous = app.Client();
        using var clerk = await app.SignedInAsync("village-clerk");
        using var admin = await app.SignedInAsync("admin");

        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/Admin/Item/CERT-RESIDENCE")).StatusCode);
        Assert.Contains("/Account/Denied", (await clerk.GetAsync("/Admin/Item/CERT-RESIDENCE")).Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Item/CERT-RESIDENCE")).StatusCode);
    }

    [Fact]
    public async Task Cookie_protection_keys_are_stored_encrypted()
    {
        using var signedIn = await app.SignedInAsync("admin");

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("KeyEncryptionXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await app.WithDbAsync(async db => (await db.Divisions.CountAsync(), await db.Units.CountAsync(), await db.Users.CountAsync(), await db.ServiceItems.CountAsync(), await db.CalendarDays.CountAsync()));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(new SeedOptions(), TestContext.Current.CancellationToken);
        }

        var after = await app.WithDbAsync(async db => (await db.Divisions.CountAsync(), await db.Units.CountAsync(), await db.Users.CountAsync(), await db.ServiceItems.CountAsync(), await db.CalendarDays.CountAsync()));
        Assert.Equal(before, after);
    }
}

public sealed class ShellTestsOnSqlite(SqliteApp app) : ShellTests(app), IClassFixture<SqliteApp>;

public sealed class ShellTestsOnPostgres(PostgresApp app) : ShellTests(app), IClassFixture<PostgresApp>;
