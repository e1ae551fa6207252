using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// The unit pages' actions done by two people at once, on both providers: exactly one revocation, one 备案 decision
/// and one new account win; the others get the page back with the reason (never a failure page), nothing twice.
/// </summary>
public abstract class UnitPagesConcurrencyTests(OneWindowApp app)
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Two_reviewers_revoking_one_certificate_at_once_revoke_it_once()
    {
        using var resident = await app.NewResidentAsync();
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var admin = await app.SignedInAsync("village-admin");
        var (certificateId, _) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var page = $"/Units/Certificates?id={certificateId}";

        var answers = await Task.WhenAll(
            PageForms.SendAsync(reviewer, page, "Revoke", [F("reason", "地址不实"), F("confirm", "true")]),
            PageForms.SendAsync(admin, page, "Revoke", [F("reason", "重复出具"), F("confirm", "true")]));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
        Assert.Contains("class=\"errors\"", await loser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var certificate = (await resident.GetFromJsonAsync<JsonElement>("/api/certificates")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == certificateId);
        Assert.Contains(certificate.GetProperty("revocationReason").GetString(), new[] { "地址不实", "重复出具" });
    }

    [Fact]
    public async Task Two_decisions_on_one_seal_at_once_leave_one()
    {
        using var village = await app.SignedInAsync("village-admin");
        using var township = await app.SignedInAsync("township-admin");
        using var colleague = await app.SignedInAsync("township-admin");   // a second session: two people at two desks
        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendMultipartAsync(village, "/Units/Seals", "Seal", [])).StatusCode);
        var seal = await app.WithDbAsync(db => Task.FromResult(db.Seals.Where(s => s.Status == OneWindow.Certificates.RegistrationStatus.Submitted).OrderByDescending(s => s.Id).First().Id));

        var answers = await Task.WhenAll(
            PageForms.SendMultipartAsync(township, $"/Units/Seals?id={seal}", "ReviewSeal", [F("approve", "true")]),
            PageForms.SendMultipartAsync(colleague, $"/Units/Seals?id={seal}", "ReviewSeal", [F("approve", "false"), F("note", "印模不清晰")]));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var status = await app.WithDbAsync(db => Task.FromResult(db.Seals.Single(s => s.Id == seal).Status));
        Assert.NotEqual(OneWindow.Certificates.RegistrationStatus.Submitted, status);
    }

    [Fact]
    public async Task Two_decisions_on_one_signature_specimen_at_once_leave_one()
    {
        using var village = await app.SignedInAsync("village-admin");
        using var township = await app.SignedInAsync("township-admin");
        using var colleague = await app.SignedInAsync("township-admin");
        var reviewerId = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "village-reviewer").Id));
        Assert.Equal(HttpStatusCode.Redirect, (await PageForms.SendMultipartAsync(village, "/Units/Seals", "Specimen", [F("accountId", reviewerId.ToString())],
            OneWindow.Certificates.SealImage.RenderDemoSignature("王强"))).StatusCode);
        var specimen = await app.WithDbAsync(db => Task.FromResult(db.SignatureSpecimens.Where(s => s.Status == OneWindow.Certificates.RegistrationStatus.Submitted).OrderByDescending(s => s.Id).First().Id));

        var answers = await Task.WhenAll(
            PageForms.SendMultipartAsync(township, $"/Units/Seals?id={specimen}", "ReviewSpecimen", [F("approve", "true")]),
            PageForms.SendMultipartAsync(colleague, $"/Units/Seals?id={specimen}", "ReviewSpecimen", [F("approve", "false"), F("note", "签名不清晰")]));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_account_added_by_two_admins_at_once_is_made_once()
    {
        using var village = await app.SignedInAsync("village-admin");
        using var township = await app.SignedInAsync("township-admin");
        var unit = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "village-admin").UnitId!.Value));
        var account = "village-twice-" + Guid.NewGuid().ToString("N")[..6];
        List<KeyValuePair<string, string>> form = [F("userName", account), F("realName", "周新"), F("password", "FirstPass#2026"), F("roles", "Clerk")];

        var answers = await Task.WhenAll(
            PageForms.SendAsync(village, $"/Units/Staff?unit={unit}", "Add", form),
            PageForms.SendAsync(township, $"/Units/Staff?unit={unit}", "Add", form));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await app.WithDbAsync(db => Task.FromResult(db.Users.Count(u => u.UserName == account))));
    }
}

public sealed class UnitPagesConcurrencyTestsOnSqlite(SqliteApp app) : UnitPagesConcurrencyTests(app), IClassFixture<SqliteApp>;

public sealed class UnitPagesConcurrencyTestsOnPostgres(PostgresApp app) : UnitPagesConcurrencyTests(app), IClassFixture<PostgresApp>;
