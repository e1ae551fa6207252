using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Departments;
using OneWindow.Seeding;
using OneWindow.Server.Departments;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// A unit's admin connects its own system from a page: the endpoint (its signing secret shown once), the OAuth
/// client (its secret shown once, and it works), and the undelivered messages, replayed from the list; an admin
/// of another department gets nothing.
/// </summary>
public abstract class IntegrationPageTests(OneWindowApp app)
{
    private Task<Guid> UnitOfAsync(string userName) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.UnitId!.Value).SingleAsync());

    private static Task<string> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields) =>
        PageForms.PostAsync(client, page, handler, fields);

    [Fact]
    public async Task A_units_admin_connects_its_system_and_makes_its_client_from_the_page()
    {
        var unit = await UnitOfAsync("police-reviewer");
        using var admin = await app.SignedInAsync("county-police-admin"); // the station's line: its county bureau
        var page = $"/Units/{unit}/Integration";
        await app.WithDbAsync(db => db.DepartmentEndpoints.Where(e => e.UnitId == unit).ExecuteDeleteAsync());

        var workbench = await admin.GetStringAsync("/Workbench");
        var before = await admin.GetStringAsync(page);
        var connected = await PostAsync(admin, page, "Endpoint", new() { ["Url"] = "https://police.example.gov.cn/onewindow/tasks", ["Enabled"] = "true" });
        var again = await admin.GetStringAsync(page);
        var client = await PostAsync(admin, page, "Client", []);

        Assert.Contains($"/Units/{await UnitOfAsync("county-police-admin")}/Integration", workbench, StringComparison.Ordinal); // its own unit's, from the workbench
        Assert.Contains("尚未对接", before, StringComparison.Ordinal);
        Assert.Contains("whsec_", connected, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", again, StringComparison.Ordinal); // shown once
        Assert.Contains("已对接", again, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.DepartmentEndpoints.AsNoTracking().SingleAsync(e => e.UnitId == unit));
        Assert.Equal("https://police.example.gov.cn/onewindow/tasks", stored.Url);
        Assert.True(stored.Enabled);

        var secret = Regex.Match(client, "客户端密钥（只显示这一次）</dt><dd><code>([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(secret);
        using var anonymous = app.Client();
        var token = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = DepartmentClients.ClientIdOf(unit), ["client_secret"] = WebUtility.HtmlDecode(secret), ["scope"] = "tasks",
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task An_undelivered_message_is_replayed_from_the_list()
    {
        var unit = await UnitOfAsync("village-admin");
        using var admin = await app.SignedInAsync("village-admin");
        var id = "msg_" + Guid.CreateVersion7().ToString("N");
        await app.WithDbAsync(db =>
        {
            db.WebhookMessages.Add(new WebhookMessage
            {
                Id = id, UnitId = unit, TaskId = Guid.CreateVersion7(), ApplicationId = Guid.CreateVersion7(), Type = DepartmentDispatch.Queued, Payload = "{}",
                CreatedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), State = WebhookState.Dead, Attempts = 10, LastStatus = 503,
            });
            return db.SaveChangesAsync();
        });
        var page = $"/Units/{unit}/Integration";

        var listed = await admin.GetStringAsync(page);
        var replayed = await PostAsync(admin, page, "Replay", new() { ["id"] = id });

        Assert.Contains("HTTP 503", listed, StringComparison.Ordinal);
        Assert.Contains("已重新发送", replayed, StringComparison.Ordinal);
        // Sent again with a fresh count (the deliverer may already have tried once more: this unit has no endpoint here).
        Assert.True(await app.WithDbAsync(db => db.WebhookMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.Attempts).SingleAsync()) < 10);
    }

    [Fact]
    public async Task Admins_of_another_department_and_other_staff_get_nothing()
    {
        var village = await UnitOfAsync("village-admin");
        using var otherDepartment = await app.SignedInAsync("county-police-admin");
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var anonymous = app.Client();
        var page = $"/Units/{village}/Integration";

        foreach (var client in new[] { otherDepartment, reviewer, resident, anonymous })
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
            Assert.DoesNotContain("业务系统对接", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}

public sealed class IntegrationPageTestsOnSqlite(SqliteApp app) : IntegrationPageTests(app), IClassFixture<SqliteApp>;

public sealed class IntegrationPageTestsOnPostgres(PostgresApp app) : IntegrationPageTests(app), IClassFixture<PostgresApp>;
