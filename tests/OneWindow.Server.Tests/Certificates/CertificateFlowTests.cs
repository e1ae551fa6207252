using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Certificates;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>The Hebei story end to end: apply → review → issue → download → verify → revoke → verify as revoked.</summary>
public abstract class CertificateFlowTests(OneWindowApp app) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("onewindow-cert-");

    public void Dispose()
    {
        _work.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Resident_gets_a_sealed_certificate_that_anyone_can_verify_until_it_is_revoked()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var anyone = app.Client();

        var application = await CertificateKit.ApplyAsync(resident);
        var queue = await reviewer.GetFromJsonAsync<JsonElement>("/api/applications?status=submitted");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == application.GetProperty("id").GetString());
        Assert.Equal("submitted", application.GetProperty("status").GetString());
        Assert.Equal("web", application.GetProperty("channel").GetString());

        var approved = await CertificateKit.ApproveAsync(reviewer, application.GetProperty("id").GetString()!);
        var certificateId = approved.GetProperty("certificateId").GetString()!;
        var token = await resident.GetStringAsync($"/api/certificates/{certificateId}/jwt");
        var pdf = await resident.GetByteArrayAsync($"/api/certificates/{certificateId}/pdf");

        // The token: VC-JOSE-COSE header, a VC 2.0 payload, a valid GB/T 36904 identifier.
        var jws = CompactJws.Parse(token, out _)!;
        Assert.Equal("EdDSA", jws.Algorithm);
        Assert.Equal("vc+jwt", jws.Header["typ"]!.GetValue<string>());
        Assert.Equal("vc", jws.Header["cty"]!.GetValue<string>());
        Assert.StartsWith("seal:", jws.KeyId, StringComparison.Ordinal);
        var identifier = jws.Payload["credentialSubject"]!["licenceIdentifier"]!.GetValue<string>();
        Assert.Null(LicenceIdentifier.Validate(identifier));
        Assert.Equal("孩子入学", jws.Payload["credentialSubject"]!["purpose"]!.GetValue<string>());
        Assert.Equal("BitstringStatusListEntry", jws.Payload["credentialStatus"]!["type"]!.GetValue<string>());

        // The PDF carries the same token.
        Assert.True(pdf.AsSpan().StartsWith("%PDF-"u8));
        Assert.Equal(token, CertificatePdf.ExtractJws(pdf));

        // Anyone verifies: valid, masked, and (asked for) recorded in the ledger — once the sequencer has taken the staged
        // entry (within a second by design; on a loaded machine the verification could come first).
        await app.LedgerDrainedAsync();
        var verdict = await CertificateKit.VerifyAsync(anyone, token, ledger: true);
        Assert.Equal(JsonValueKind.Null, (await CertificateKit.VerifyAsync(anyone, token)).TryGetProperty("ledger", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Equal("张*兰", verdict.GetProperty("holderName").GetString());
        Assert.Equal("1301**********1238", verdict.GetProperty("holderIdNumber").GetString());
        Assert.True(verdict.GetProperty("ledger").GetProperty("inclusionVerified").GetBoolean());
        Assert.True(verdict.GetProperty("ledger").GetProperty("tokenMatches").GetBoolean());
        var byPdf = await anyone.PostAsync("/api/certificates/verify", new ByteArrayContent(pdf) { Headers = { ContentType = new("application/pdf") } });
        Assert.Equal("valid", (await byPdf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // An independent JOSE library verifies the token with the published JWKS.
        var jwks = await anyone.GetStringAsync("/.well-known/jwks.json");
        var jose = await JoseCheck.VerifyAsync(token, jwks);
        Assert.True(jose.ExitCode == 0, jose.Output);
        Assert.Contains("\"verified\":true", jose.Output, StringComparison.Ordinal);

        // Offline verification with the CLI and a saved JWKS.
        var jwksFile = Path.Combine(_work.FullName, "jwks.json");
        var pdfFile = Path.Combine(_work.FullName, "certificate.pdf");
        await File.WriteAllTextAsync(jwksFile, jwks);
        await File.WriteAllBytesAsync(pdfFile, pdf);
        var offline = await app.CliAsync("cert", "verify", pdfFile, "--jwks", jwksFile, "--offline");
        Assert.True(offline.ExitCode == 0, offline.Out + offline.Err);

        // Revocation: the issuing unit revokes; everyone sees it.
        var revoked = await reviewer.PostAsJsonAsync($"/api/certificates/{certificateId}/revoke", new { reason = "居住情况发生变化" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var after = await CertificateKit.VerifyAsync(anyone, token);
        Assert.Equal("revoked", after.GetProperty("status").GetString());
        var cliAfter = await app.CliAsync("cert", "verify", pdfFile, "--jwks", jwksFile);
        Assert.Equal(1, cliAfter.ExitCode);
        Assert.Contains("\"status\": \"revoked\"", cliAfter.Out, StringComparison.Ordinal);
        var statusList = await anyone.GetStringAsync(jws.Payload["credentialStatus"]!["statusListCredential"]!.GetValue<string>().Replace("http://127.0.0.1:5080", "", StringComparison.Ordinal));
        var list = CompactJws.Parse(statusList, out _)!;
        var index = int.Parse(jws.Payload["credentialStatus"]!["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(BitstringStatusList.IsSet(list.Payload["credentialSubject"]!["encodedList"]!.GetValue<string>(), index));
        // The revocation's ledger entry is appended from the outbox moments after the commit (Ledger:OutboxLinger): wait for it.
        JsonElement entries = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            entries = await anyone.GetFromJsonAsync<JsonElement>("/api/ledger/entries?start=0&end=100");
            if (entries.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("event").GetProperty("type").GetString() == "certificate.revoked"))
            {
                break;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Contains(entries.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("event").GetProperty("type").GetString() == "certificate.revoked" && e.GetProperty("event").GetProperty("subject").GetString() == identifier);
        Assert.DoesNotContain("张秀兰", entries.ToString(), StringComparison.Ordinal); // no personal data in the public ledger
    }

    [Fact]
    public async Task A_supplement_request_returns_the_same_application_to_the_queue_after_resubmission()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        var asked = await reviewer.PostAsJsonAsync($"/api/applications/{id}/supplement", new { reason = "请补充详细门牌号" });
        var seen = await resident.GetFromJsonAsync<JsonElement>($"/api/applications/{id}");
        var tooEarly = await reviewer.PostAsync($"/api/applications/{id}/approve", null);
        var resubmitted = await resident.PostAsJsonAsync($"/api/applications/{id}/resubmit", new { fields = new { address = "正定镇西关村3组12号院2单元" } });
        var approved = await CertificateKit.ApproveAsync(reviewer, id);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("supplement-requested", seen.GetProperty("status").GetString());
        Assert.Equal("请补充详细门牌号", seen.GetProperty("reason").GetString());
        await ProblemAssert.IsProblemAsync(tooEarly, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(id, approved.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_is_final()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        await ProblemAssert.HasFieldErrorAsync(await reviewer.PostAsJsonAsync($"/api/applications/{id}/refuse", new { reason = "" }), "reason");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/applications/{id}/refuse", new { reason = "不在本村居住" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await reviewer.PostAsync($"/api/applications/{id}/approve", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Nobody_acts_outside_their_scope()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var otherReviewer = await app.SignedInAsync("police-reviewer");
        using var other = app.Client();
        var body = "13012319950101" + Random.Shared.Next(100, 999);
        var otherId = body + OneWindow.Formats.ResidentIdNumber.CheckCharacter(body);
        await other.PostAsJsonAsync("/api/residents", new { realName = "路人甲", idNumber = otherId, password = "longpass123" });
        await other.PostAsJsonAsync("/api/auth/login", new { account = otherId, password = "longpass123" });
        var (certificateId, _) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        // Outside the competent unit, an application is not there at all (the engine's rule: not even whose it is).
        await ProblemAssert.IsProblemAsync(await otherReviewer.PostAsync($"/api/applications/{id}/approve", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/applications/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/certificates/{certificateId}/jwt"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"/api/applications/{id}/approve", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await resident.PostAsync($"/api/applications/{id}/approve", null), HttpStatusCode.NotFound);
        Assert.Equal("submitted", (await resident.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(await otherReviewer.PostAsJsonAsync($"/api/certificates/{certificateId}/revoke", new { reason = "x" }), HttpStatusCode.Forbidden);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/certificates")).GetArrayLength());
    }

    [Fact]
    public async Task A_clerk_files_on_a_residents_behalf_and_both_are_recorded()
    {
        using var clerk = await app.SignedInAsync("village-clerk");

        var response = await clerk.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = CertificateKit.ResidenceFields, applicantIdNumber = DemoData.ResidentIdNumber, applicantName = DemoData.ResidentName });
        var application = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("counter", application.GetProperty("channel").GetString());
        Assert.Equal(JsonValueKind.String, application.GetProperty("filedById").ValueKind);
        Assert.Equal("张秀兰", application.GetProperty("applicantName").GetString());
    }

    [Fact]
    public async Task A_clerk_learns_only_whether_a_name_matches_an_identity_number()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        object Filing(string idNumber, string? name) => new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = CertificateKit.ResidenceFields, applicantIdNumber = idNumber, applicantName = name };

        var wrongName = await clerk.PostAsJsonAsync("/api/applications", Filing(DemoData.ResidentIdNumber, "李四"));
        var unknownNumber = await clerk.PostAsJsonAsync("/api/applications", Filing("110105194912310021", "李四"));
        var noName = await clerk.PostAsJsonAsync("/api/applications", Filing(DemoData.ResidentIdNumber, null));

        var a = await ProblemAssert.HasFieldErrorAsync(wrongName, "applicantName");
        var b = await ProblemAssert.HasFieldErrorAsync(unknownNumber, "applicantName");
        Assert.Equal(a.GetProperty("errors").GetProperty("applicantName").ToString(), b.GetProperty("errors").GetProperty("applicantName").ToString());
        Assert.DoesNotContain(DemoData.ResidentName, a.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("秀兰", a.ToString(), StringComparison.Ordinal);
        await ProblemAssert.HasFieldErrorAsync(noName, "applicantName");
    }

    [Fact]
    public async Task A_clerk_files_only_within_their_division_unless_the_item_is_handled_across_regions()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        const string elsewhere = "130123102201"; // 新城铺村, another township of the county
        object Filing() => new { itemCode = "CERT-RESIDENCE", divisionCode = elsewhere, fields = CertificateKit.ResidenceFields, applicantIdNumber = DemoData.ResidentIdNumber, applicantName = DemoData.ResidentName };

        var refused = await clerk.PostAsJsonAsync("/api/applications", Filing());
        await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(db.ServiceItems.Where(i => i.Code == "CERT-RESIDENCE"), s => s.SetProperty(i => i.AcrossRegions, true)));
        var acrossRegions = await clerk.PostAsJsonAsync("/api/applications", Filing());
        await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(db.ServiceItems.Where(i => i.Code == "CERT-RESIDENCE"), s => s.SetProperty(i => i.AcrossRegions, false)));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
        // Allowed past the division rule; that village has no committee registered here, which is said plainly.
        Assert.NotEqual(HttpStatusCode.Forbidden, acrossRegions.StatusCode);
        Assert.True((int)acrossRegions.StatusCode < 500, acrossRegions.StatusCode.ToString());
    }

    [Fact]
    public async Task Bad_applications_get_field_errors_and_change_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var response = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = "130123100000", fields = new { purpose = "", relation = "cousin", residentSince = "2015-02-30", extra = "x" } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("divisionCode", out _));
        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "", relation = "cousin", residentSince = "2015-02-30", extra = "x" } }), "fields.relation");
        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync("/api/applications", new { itemCode = "NEWBORN", divisionCode = DemoData.VillageCode }), "itemCode");
    }

    [Fact]
    public async Task A_future_residence_date_and_a_child_without_name_or_number_are_refused()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var tomorrow = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var future = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学", relation = "self", address = "西关村", residentSince = tomorrow, housingType = "owned" } });
        var child = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学", relation = "child", address = "西关村", residentSince = "2015-03-01", housingType = "owned" } });
        var withChild = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学", relation = "child", subjectName = "张小明", subjectIdNumber = "130123201503011239", address = "西关村", residentSince = "2015-03-01", housingType = "owned" } });

        Assert.Equal("不能晚于今天", (await ProblemAssert.HasFieldErrorAsync(future, "fields.residentSince")).GetProperty("errors").GetProperty("fields.residentSince")[0].GetString());
        var problem = await ProblemAssert.HasFieldErrorAsync(child, "fields.subjectName");
        Assert.True(problem.GetProperty("errors").TryGetProperty("fields.subjectIdNumber", out _));
        Assert.True(withChild.StatusCode == HttpStatusCode.Created, await withChild.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.")]
    public async Task Garbage_gets_a_clear_verdict_or_a_400_never_a_500(string token)
    {
        using var client = app.Client();

        var response = await client.PostAsync("/api/certificates/verify", new StringContent(token));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("invalid", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Tampered_tokens_and_unknown_keys_are_invalid()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var anyone = app.Client();
        var (_, token) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("孩子入学", "贷款申请", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        var header = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).Replace("seal:", "seal:X", StringComparison.Ordinal);
        var unknownKey = $"{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(header))}.{parts[1]}.{parts[2]}";

        var a = await CertificateKit.VerifyAsync(anyone, tampered);
        var b = await CertificateKit.VerifyAsync(anyone, unknownKey);

        Assert.Equal("invalid", a.GetProperty("status").GetString());
        Assert.Contains("签名验证未通过", a.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid", b.GetProperty("status").GetString());
        Assert.Contains("未知密钥", b.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }
}

public sealed class CertificateFlowTestsOnSqlite(SqliteApp app) : CertificateFlowTests(app), IClassFixture<SqliteApp>;

public sealed class CertificateFlowTestsOnPostgres(PostgresApp app) : CertificateFlowTests(app), IClassFixture<PostgresApp>;
