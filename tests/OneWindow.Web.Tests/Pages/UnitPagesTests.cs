using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// The workbench's lists with their actions: the unit's certificates with revocation (a reason and a confirmation),
/// the unit's staff with adding, password resets and disabling — each authorized as the API authorizes it — and the
/// reviewer's queue by names, not codes.
/// </summary>
public sealed class UnitPagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task A_reviewer_revokes_a_certificate_only_with_a_reason_and_a_confirmation_and_verification_then_says_so()
    {
        using var resident = await app.NewResidentAsync();
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var clerk = await app.SignedInAsync("village-clerk");
        var (certificateId, token) = await CertificateKit.IssueAsync(app, resident, reviewer);
        using var school = app.Client();
        var identifier = (await resident.GetFromJsonAsync<JsonElement>("/api/certificates")).EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == certificateId).GetProperty("identifier").GetString()!;
        var page = $"/Units/Certificates?q={Uri.EscapeDataString(identifier)}";

        var list = WebUtility.HtmlDecode(await reviewer.GetStringAsync(page));
        Assert.Contains("居住证明", list, StringComparison.Ordinal);
        Assert.Contains("撤销这份证明", list, StringComparison.Ordinal);
        Assert.DoesNotContain("撤销这份证明", await clerk.GetStringAsync(page), StringComparison.Ordinal);

        var unconfirmed = WebUtility.HtmlDecode(await PageForms.PostAsync(reviewer, page + "&id=" + certificateId, "Revoke", [F("reason", "地址不实")]));
        Assert.Contains("撤销后不能恢复，请勾选确认后再撤销", unconfirmed, StringComparison.Ordinal);
        var byClerk = WebUtility.HtmlDecode(await PageForms.PostAsync(clerk, page + "&id=" + certificateId, "Revoke", [F("reason", "地址不实"), F("confirm", "true")]));
        Assert.DoesNotContain("已撤销证明", byClerk, StringComparison.Ordinal);
        Assert.Equal("valid", (await CertificateKit.VerifyAsync(school, token)).GetProperty("status").GetString());

        var done = await PageForms.SendAsync(reviewer, page + "&id=" + certificateId, "Revoke", [F("reason", "经核查地址不实"), F("confirm", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = WebUtility.HtmlDecode(await reviewer.GetStringAsync(done.Headers.Location!.OriginalString));
        Assert.Contains($"已撤销证明 {identifier}", after, StringComparison.Ordinal);
        Assert.Contains("撤销：经核查地址不实", after, StringComparison.Ordinal);
        var verdict = await CertificateKit.VerifyAsync(school, token);
        Assert.Equal("revoked", verdict.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_unit_admin_adds_a_member_resets_the_password_and_disables_the_account_and_a_clerk_cannot()
    {
        using var admin = await app.SignedInAsync("village-admin");
        using var clerk = await app.SignedInAsync("village-clerk");
        var account = "village-new-" + Guid.NewGuid().ToString("N")[..6];

        var added = await PageForms.SendAsync(admin, "/Units/Staff", "Add",
            [F("userName", account), F("realName", "周新"), F("password", "FirstPass#2026"), F("roles", "Clerk")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/Units/Staff"));
        Assert.Contains(account, list, StringComparison.Ordinal);
        Assert.Contains("经办", list, StringComparison.Ordinal);
        var id = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == account).Id));

        var byClerk = WebUtility.HtmlDecode(await PageForms.PostAsync(clerk, "/Units/Staff", "Enabled", [F("id", id.ToString()), F("enabled", "false")]));
        Assert.DoesNotContain("的账号。", byClerk, StringComparison.Ordinal);
        using (var member = app.Client())
        {
            Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/auth/login", new { account, password = "FirstPass#2026" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendAsync(admin, $"/Units/Staff?id={id}", "Password", [F("password", "SecondPass#2026")])).StatusCode);
        using (var member = app.Client())
        {
            Assert.NotEqual(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/auth/login", new { account, password = "FirstPass#2026" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/auth/login", new { account, password = "SecondPass#2026" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendAsync(admin, $"/Units/Staff?id={id}", "Enabled", [F("enabled", "false")])).StatusCode);
        Assert.Contains("已停用", WebUtility.HtmlDecode(await admin.GetStringAsync("/Units/Staff")), StringComparison.Ordinal);
        using (var member = app.Client())
        {
            Assert.NotEqual(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/auth/login", new { account, password = "SecondPass#2026" })).StatusCode);
        }
    }

    [Fact]
    public async Task Staff_of_another_unit_outside_the_chain_cannot_open_a_units_staff_page()
    {
        using var police = await app.SignedInAsync("county-police-admin");
        var village = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "village-admin").UnitId!.Value));

        var response = await police.GetAsync($"/Units/Staff?unit={village}");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("赵敏", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reviewers_queue_shows_the_item_and_field_names_not_codes()
    {
        using var resident = await app.NewResidentAsync();
        using var reviewer = await app.SignedInAsync("village-reviewer");
        await CertificateKit.ApplyAsync(resident);

        var queue = WebUtility.HtmlDecode(await reviewer.GetStringAsync("/Queue"));

        Assert.Contains("居住证明", queue, StringComparison.Ordinal);
        Assert.Contains("<dt>证明对象与申请人关系</dt>", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("CERT-RESIDENCE", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("<dt>purpose</dt>", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>self</dd>", queue, StringComparison.Ordinal);
    }
}

/// <summary>Seals and signature specimens: registered by the unit's admin, 备案 by the supervising unit's, on pages.</summary>
public sealed class SealPagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_village_registers_a_seal_and_a_specimen_and_its_township_approves_them_on_the_page()
    {
        using var village = await app.SignedInAsync("village-admin");
        using var township = await app.SignedInAsync("township-admin");
        using var clerk = await app.SignedInAsync("village-clerk");
        var reviewerId = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "village-reviewer").Id));
        var before = await app.WithDbAsync(db => Task.FromResult(db.Seals.Count()));

        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendMultipartAsync(village, "/Units/Seals", "Seal", [])).StatusCode);
        var signature = OneWindow.Certificates.SealImage.RenderDemoSignature("王强");
        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendMultipartAsync(village, "/Units/Seals", "Specimen", [new("accountId", reviewerId.ToString())], signature)).StatusCode);
        var notAnImage = await PageForms.SendMultipartAsync(village, "/Units/Seals", "Specimen", [new("accountId", reviewerId.ToString())], "%PDF-1.7 not a png"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, notAnImage.StatusCode);
        Assert.Equal(before + 1, await app.WithDbAsync(db => Task.FromResult(db.Seals.Count())));

        var pending = WebUtility.HtmlDecode(await township.GetStringAsync("/Units/Seals"));
        Assert.Contains("下级单位报来备案", pending, StringComparison.Ordinal);
        Assert.Contains("正定县正定镇西关村民委员会的印章", pending, StringComparison.Ordinal);
        var seal = await app.WithDbAsync(db => Task.FromResult(db.Seals.Where(s => s.Status == OneWindow.Certificates.RegistrationStatus.Submitted).OrderByDescending(s => s.Id).First().Id));
        var byClerk = await PageForms.SendMultipartAsync(clerk, $"/Units/Seals?id={seal}", "ReviewSeal", [new("approve", "true")]);
        Assert.NotEqual(HttpStatusCode.Redirect, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendMultipartAsync(township, $"/Units/Seals?id={seal}", "ReviewSeal", [new("approve", "true")])).StatusCode);

        Assert.Equal(OneWindow.Certificates.RegistrationStatus.Registered, await app.WithDbAsync(db => Task.FromResult(db.Seals.Single(s => s.Id == seal).Status)));
        var mine = WebUtility.HtmlDecode(await village.GetStringAsync("/Units/Seals"));
        Assert.Contains("data:image/png;base64,", mine, StringComparison.Ordinal);
        Assert.Contains("王强", mine, StringComparison.Ordinal);
    }
}
