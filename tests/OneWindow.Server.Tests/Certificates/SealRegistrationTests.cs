using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Certificates;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>Seals and signatures are registered (备案) by the level above before use; rotation keeps old certificates valid.</summary>
public abstract class SealRegistrationTests(OneWindowApp app)
{
    private Task<Guid> UnitAsync(string key)
    {
        var name = DemoData.Units.Single(x => x.Key == key).Name;
        return app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());
    }

    [Fact]
    public async Task A_rotated_seal_signs_new_certificates_while_old_ones_still_verify()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var villageAdmin = await app.SignedInAsync("village-admin");
        using var townshipAdmin = await app.SignedInAsync("township-admin");
        using var anyone = app.Client();
        var village = await UnitAsync("village");
        var (_, before) = await CertificateKit.IssueAsync(app, resident, reviewer);

        var created = await villageAdmin.PostAsJsonAsync($"/api/units/{village}/seals", new { });
        var seal = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sealId = seal.GetProperty("id").GetString();
        var selfApproved = await villageAdmin.PostAsJsonAsync($"/api/seals/{sealId}/review", new { approve = true });
        var (_, stillOld) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var registered = await townshipAdmin.PostAsJsonAsync($"/api/seals/{sealId}/review", new { approve = true, note = "核对无误" });
        var (_, after) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var image = await anyone.GetAsync($"/api/seals/{sealId}/image");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("submitted", seal.GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(selfApproved, HttpStatusCode.Forbidden);
        Assert.Equal(CompactJws.Parse(before, out _)!.KeyId, CompactJws.Parse(stillOld, out _)!.KeyId); // unregistered seal is not used
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(seal.GetProperty("keyId").GetString(), CompactJws.Parse(after, out _)!.KeyId);
        Assert.Equal("valid", (await CertificateKit.VerifyAsync(anyone, before)).GetProperty("status").GetString());
        Assert.Equal("valid", (await CertificateKit.VerifyAsync(anyone, after)).GetProperty("status").GetString());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var jwks = JsonDocument.Parse(await anyone.GetStringAsync("/.well-known/jwks.json")).RootElement.GetProperty("keys");
        Assert.Contains(jwks.EnumerateArray(), k => k.GetProperty("kid").GetString() == CompactJws.Parse(before, out _)!.KeyId && k.GetProperty("status").GetString() == "retired");
    }

    [Fact]
    public async Task A_revoked_seal_invalidates_what_it_signed_and_stops_issuing_until_a_new_one_is_registered()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("police-reviewer");
        using var countyAdmin = await app.SignedInAsync("county-police-admin"); // the station's line: county public-security bureau
        using var otherDepartment = await app.SignedInAsync("county-admin");
        using var clerk = await app.SignedInAsync("village-clerk");
        using var anyone = app.Client();
        var station = await UnitAsync("police-station");
        var fields = new { purpose = "应聘", purposeCategory = "employment", recipient = "正定县某公司", periodFrom = "2020-01-01", periodTo = "2026-01-01", registrationStatus = "local" };
        var application = await CertificateKit.ApplyAsync(resident, fields, "CERT-NO-CRIMINAL-RECORD");
        var approved = await CertificateKit.ApproveAsync(reviewer, application.GetProperty("id").GetString()!);
        var token = await resident.GetStringAsync($"/api/certificates/{approved.GetProperty("certificateId").GetString()}/jwt");
        var sealId = await app.WithDbAsync(db => db.Seals.Where(s => s.UnitId == station && s.Status == RegistrationStatus.Registered).Select(s => s.Id).SingleAsync());
        Assert.Equal("valid", (await CertificateKit.VerifyAsync(anyone, token)).GetProperty("status").GetString());

        var byOutsider = await clerk.PostAsJsonAsync($"/api/seals/{sealId}/revoke", new { reason = "x" });
        var byOtherDepartment = await otherDepartment.PostAsJsonAsync($"/api/seals/{sealId}/revoke", new { reason = "x" });
        var noReason = await countyAdmin.PostAsJsonAsync($"/api/seals/{sealId}/revoke", new { reason = "" });
        var revoked = await countyAdmin.PostAsJsonAsync($"/api/seals/{sealId}/revoke", new { reason = "印章密钥泄露" });
        var next = await CertificateKit.ApplyAsync(resident, fields, "CERT-NO-CRIMINAL-RECORD");
        var blocked = await reviewer.PostAsync($"/api/applications/{next.GetProperty("id").GetString()}/approve", null);

        await ProblemAssert.IsProblemAsync(byOutsider, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(byOtherDepartment, HttpStatusCode.Forbidden);
        await ProblemAssert.HasFieldErrorAsync(noReason, "reason");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var verdict = await CertificateKit.VerifyAsync(anyone, token);
        Assert.Equal("invalid", verdict.GetProperty("status").GetString());
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("已撤销", StringComparison.Ordinal));
        await ProblemAssert.IsProblemAsync(blocked, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Malformed_and_oversized_pdfs_get_400s()
    {
        using var anyone = app.Client();

        var fake = await anyone.PostAsync("/api/certificates/verify", new ByteArrayContent("%PDF-1.7 nothing here"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } });
        var huge = await anyone.PostAsync("/api/certificates/verify", new ByteArrayContent(new byte[6 * 1024 * 1024]) { Headers = { ContentType = new("application/pdf") } });

        await ProblemAssert.HasFieldErrorAsync(fake, "body");
        await ProblemAssert.HasFieldErrorAsync(huge, "body");
    }

    [Fact]
    public async Task A_reviewer_without_a_registered_signature_cannot_approve()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var villageAdmin = await app.SignedInAsync("village-admin");
        using var townshipAdmin = await app.SignedInAsync("township-admin");
        var village = await UnitAsync("village");
        var name = $"rev-{Guid.NewGuid():N}"[..16];
        var created = await villageAdmin.PostAsJsonAsync($"/api/units/{village}/staff", new { userName = name, realName = "韩梅", password = "longpass123", roles = "reviewer" });
        var accountId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var newReviewer = await app.SignedInAsync(name, "longpass123");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        var refused = await newReviewer.PostAsync($"/api/applications/{id}/approve", null);
        var badImage = await villageAdmin.PostAsJsonAsync($"/api/units/{village}/specimens", new { accountId, imagePng = Convert.ToBase64String("<script>alert(1)</script>"u8.ToArray()) });
        var specimen = await villageAdmin.PostAsJsonAsync($"/api/units/{village}/specimens", new { accountId, imagePng = Convert.ToBase64String(SealImage.RenderDemoSignature("韩梅")) });
        var specimenId = (await specimen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var registered = await townshipAdmin.PostAsJsonAsync($"/api/specimens/{specimenId}/review", new { approve = true });
        var approved = await newReviewer.PostAsync($"/api/applications/{id}/approve", null);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("手写签名尚未备案", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.HasFieldErrorAsync(badImage, "imagePng");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }
}

public sealed class SealRegistrationTestsOnSqlite(SqliteApp app) : SealRegistrationTests(app), IClassFixture<SqliteApp>;

public sealed class SealRegistrationTestsOnPostgres(PostgresApp app) : SealRegistrationTests(app), IClassFixture<PostgresApp>;
