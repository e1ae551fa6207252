using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Federation;
using OneWindow.Seeding;
using OneWindow.Testing;
using Xunit;

namespace OneWindow.Server.Tests.Federation;

/// <summary>
/// 跨省通办 between two real servers on loopback, each with its own database and ledger (one SQLite, one PostgreSQL —
/// and the other way round): a person living in A applies for a residence certificate from her home village in B; B's
/// staff handle it; the status and the certificate come back to A, verified there with B's seal key; the messages are
/// signed, pinned, refused when forged, replayed, expired or from strangers, and survive B being down.
/// </summary>
public abstract class FederationTests(FederationPair pair)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Residence() => new()
    {
        ["purpose"] = "孩子入学", ["recipient"] = $"南宁市第{Random.Shared.Next(1, 1_000_000)}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned",
    };

    private void SkipWithoutProviders()
    {
        if (pair.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private static async Task<JsonElement> ForwardAsync(HttpClient resident, string division = DemoData.VillageCode)
    {
        var response = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = division, fields = Residence() }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private Task<OneWindow.Applications.Application?> HandledInBAsync(Guid forwarded) =>
        pair.B.WithDbAsync(db => db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.OriginCaseId == forwarded, Ct));

    private async Task<JsonElement> ForwardedAsync(HttpClient resident, Guid id) => await resident.GetFromJsonAsync<JsonElement>($"/api/me/forwarded/{id}", Ct);

    [Fact]
    public async Task A_person_applies_where_she_lives_and_gets_her_home_villages_certificate_verified_with_its_seal()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        var forwarded = await ForwardAsync(resident);
        var id = forwarded.GetProperty("id").GetGuid();
        Assert.Equal(FederationPair.RegionB, forwarded.GetProperty("region").GetString());
        Assert.Equal("河北省", forwarded.GetProperty("regionName").GetString());

        // B: a case of its engine in the village's queue, for the same person (an account made from the signed identity).
        OneWindow.Applications.Application? there = null;
        await Eventually.Async(async () => (there = await HandledInBAsync(id)) is not null, "the case reached B");
        var person = await pair.B.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == there!.ApplicantId, Ct));
        var idNumberInA = await pair.A.WithDbAsync(db => db.ForwardedCases.AsNoTracking().Where(c => c.Id == id).Join(db.Users, c => c.ApplicantId, u => u.Id, (c, u) => u.IdNumber).SingleAsync(Ct));
        Assert.Equal(idNumberInA, person.IdNumber);
        Assert.Null(person.PasswordHash);
        await Eventually.Async(async () => (await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "handling", "A hears that B is handling it");

        using var reviewer = await pair.B.SignedInAsync("village-reviewer");
        var approved = await reviewer.PostAsync($"/api/applications/{there!.Id}/approve", null, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        JsonElement view = default;
        await Eventually.Async(async () => (view = await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "completed", "A hears it is completed");
        var task = view.GetProperty("report").GetProperty("tasks")[0];
        Assert.Equal("Approved", task.GetProperty("state").GetString());
        var certificate = task.GetProperty("certificate");
        Assert.True(certificate.GetProperty("verifiedHere").GetBoolean());
        Assert.Equal(there.Id, view.GetProperty("remoteCaseId").GetGuid());
        // The same credential B's own verifier accepts.
        using var anyone = pair.B.Client();
        var verdict = await (await anyone.PostAsync("/api/certificates/verify", new StringContent(certificate.GetProperty("jws").GetString()!), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Contains(view.GetProperty("report").GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "submitted");
        // She is told in A, where she follows it.
        var told = await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct);
        Assert.Contains(told.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == $"/Cases/Forwarded/{id}" && n.GetProperty("event").GetString() == "approved");

        // Both ledgers hold the exchange: each message once as sent on one side and received on the other, with the same body hash.
        await pair.A.LedgerDrainedAsync();
        await pair.B.LedgerDrainedAsync();
        var sentByA = await pair.A.WithDbAsync(db => db.FederationMessages.AsNoTracking().Where(m => m.CaseId == id).ToListAsync(Ct));
        var receivedByB = await pair.B.WithDbAsync(db => db.FederationMessages.AsNoTracking().Where(m => m.CaseId == there.Id).ToListAsync(Ct));
        var forward = Assert.Single(sentByA, m => m.Direction == MessageDirection.Out);
        Assert.Contains(receivedByB, m => m.Direction == MessageDirection.In && m.Id == forward.Id && m.BodyHash == forward.BodyHash);
        foreach (var report in receivedByB.Where(m => m.Direction == MessageDirection.Out && m.State == MessageState.Delivered))
        {
            Assert.Contains(sentByA, m => m.Direction == MessageDirection.In && m.Id == report.Id && m.BodyHash == report.BodyHash);
        }
        Assert.True(await LedgerHasAsync(pair.A, "federation.sent", $"federation/{FederationPair.RegionB}/{forward.Id}"));
        Assert.True(await LedgerHasAsync(pair.B, "federation.received", $"federation/{FederationPair.RegionA}/{forward.Id}"));
    }

    private static Task<bool> LedgerHasAsync(OneWindowApp app, string type, string subject) =>
        app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().AnyAsync(e => e.Type == type && e.Subject == subject, Ct));

    [Fact]
    public async Task A_matter_the_other_region_cannot_handle_comes_back_not_accepted_with_its_reason()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        // A village of 石家庄市长安区: B has no village committee there.
        var forwarded = await ForwardAsync(resident, "130102100001");
        var id = forwarded.GetProperty("id").GetGuid();
        JsonElement view = default;
        await Eventually.Async(async () => (view = await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "not-accepted", "B's refusal reaches the person");
        Assert.StartsWith("422", view.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("link").GetString() == $"/Cases/Forwarded/{id}" && n.GetProperty("event").GetString() == "refused");
        Assert.Null(await HandledInBAsync(id));
    }

    [Fact]
    public async Task Bad_forms_are_refused_in_A_before_anything_is_sent()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        var before = await pair.A.WithDbAsync(db => db.ForwardedCases.CountAsync(Ct));
        // Forwards only: status reports and receipts of the class's earlier tests still come and go in the background.
        var sent = await pair.A.WithDbAsync(db => db.FederationMessages.CountAsync(m => m.Type == ForwardApplication.Type, Ct));
        var response = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = "孩子入学" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await pair.A.WithDbAsync(db => db.ForwardedCases.CountAsync(Ct)));
        Assert.Equal(sent, await pair.A.WithDbAsync(db => db.FederationMessages.CountAsync(m => m.Type == ForwardApplication.Type, Ct)));
    }

    /// <summary>Signs as A would (A's current key, unwrapped with A's master key).</summary>
    private async Task<string> SignedByAAsync(string type, JsonObject body, Guid? id = null, DateTimeOffset? at = null, string? to = null, string? from = null, byte[]? key = null)
    {
        var (keyId, privateKey) = await pair.A.WithScopeAsync(sp => FederationKeys.CurrentAsync(sp.GetRequiredService<OneWindowDb>(), sp.GetRequiredService<OneWindow.Security.KeyEncryption>(), TimeProvider.System, Ct));
        return FederationEnvelope.Sign(id ?? Guid.CreateVersion7(), type, from ?? FederationPair.RegionA, to ?? FederationPair.RegionB, body, at ?? TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5), keyId, key ?? privateKey);
    }

    private async Task<HttpResponseMessage> PostToBAsync(string token)
    {
        using var client = pair.B.Client();
        return await client.PostAsync("/api/federation/messages", new StringContent(token, System.Text.Encoding.ASCII, FederationEnvelope.MediaType), Ct);
    }

    private static JsonObject StatusFor(Guid caseId) => new() { ["originCaseId"] = caseId.ToString(), ["caseId"] = Guid.NewGuid().ToString(), ["version"] = 99, ["state"] = "Completed", ["tasks"] = new JsonArray(), ["history"] = new JsonArray() };

    [Fact]
    public async Task Forged_replayed_expired_skewed_misaddressed_and_strangers_messages_are_refused_and_change_nothing()
    {
        SkipWithoutProviders();
        var body = StatusFor(Guid.NewGuid());
        var cases = await pair.B.WithDbAsync(db => db.Applications.CountAsync(Ct));
        var messages = await pair.B.WithDbAsync(db => db.FederationMessages.CountAsync(m => m.Direction == MessageDirection.In, Ct));

        var stranger = OneWindow.Ledger.Ed25519.Generate();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body, key: stranger.PrivateKey))).StatusCode); // forged: A's key id, another key
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body, at: TimeProvider.System.GetUtcNow().AddMinutes(-10)))).StatusCode); // expired
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body, at: TimeProvider.System.GetUtcNow().AddMinutes(10)))).StatusCode); // from the future: clock skew
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body, to: "44"))).StatusCode); // for another region
        Assert.Equal(HttpStatusCode.Forbidden, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body, from: "44"))).StatusCode); // not a peer
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync("not.a.jws")).StatusCode);
        var tampered = await SignedByAAsync(FederationDispatch.StatusType, body);
        var parts = tampered.Split('.');
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        payload["body"]!["state"] = "Refused";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostToBAsync(parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2])).StatusCode);
        // Well signed, but about a case B never forwarded: unknown application.
        Assert.Equal(HttpStatusCode.NotFound, (await PostToBAsync(await SignedByAAsync(FederationDispatch.StatusType, body))).StatusCode);
        using (var client = pair.B.Client())
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsJsonAsync("/api/federation/messages", new { jti = "x" }, Ct)).StatusCode);
        }

        Assert.Equal(cases, await pair.B.WithDbAsync(db => db.Applications.CountAsync(Ct)));
        Assert.Equal(messages, await pair.B.WithDbAsync(db => db.FederationMessages.CountAsync(m => m.Direction == MessageDirection.In, Ct)));
    }

    [Fact]
    public async Task The_same_forward_posted_twice_at_once_makes_one_case_and_the_replay_is_refused()
    {
        SkipWithoutProviders();
        var idNumber = OneWindowApp.NewIdNumber();
        var caseId = Guid.NewGuid();
        var body = new JsonObject
        {
            ["caseId"] = caseId.ToString(), ["itemCode"] = "CERT-RESIDENCE", ["divisionCode"] = DemoData.VillageCode,
            ["form"] = new JsonObject([.. Residence().Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
            ["applicant"] = new JsonObject { ["idNumber"] = idNumber, ["name"] = "刘晓梅" }, ["submittedAt"] = 0,
        };
        var token = await SignedByAAsync(ForwardApplication.Type, body);
        var answers = await Task.WhenAll(PostToBAsync(token), PostToBAsync(token));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var replayed = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.True((await replayed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("replayed").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await PostToBAsync(token)).StatusCode); // and again later
        Assert.Equal(1, await pair.B.WithDbAsync(db => db.Applications.CountAsync(a => a.OriginCaseId == caseId, Ct)));
        Assert.Equal(1, await pair.B.WithDbAsync(db => db.FederationMessages.CountAsync(m => m.Direction == MessageDirection.In && m.CaseId != Guid.Empty && m.Type == ForwardApplication.Type && m.Body!.Contains(caseId.ToString()), Ct)));
    }

    [Fact]
    public async Task A_report_signed_with_a_rotated_key_waits_until_the_other_side_pins_it_again()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        var id = (await ForwardAsync(resident)).GetProperty("id").GetGuid();
        OneWindow.Applications.Application? there = null;
        await Eventually.Async(async () => (there = await HandledInBAsync(id)) is not null, "the case reached B");
        await Eventually.Async(async () => (await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "handling", "A hears that B is handling it");

        using var adminB = await pair.B.SignedInAsync("admin");
        using var adminA = await pair.A.SignedInAsync("admin");
        using var reviewer = await pair.B.SignedInAsync("village-reviewer");
        var rotated = await adminB.PostAsync("/api/federation/keys/rotation", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/applications/{there!.Id}/approve", null, Ct)).StatusCode);

        // A refuses the report (the new key is not pinned there); B keeps it and tries again.
        await Eventually.Async(async () => await pair.B.WithDbAsync(db => db.FederationMessages.AnyAsync(m => m.CaseId == there.Id && m.Direction == MessageDirection.Out && m.Attempts > 0 && m.State == MessageState.Pending && m.LastError!.StartsWith("401"), Ct)),
            "B's report is refused by A and kept");
        Assert.Equal("handling", (await ForwardedAsync(resident, id)).GetProperty("state").GetString());

        var pinned = await (await adminA.PostAsync($"/api/federation/peers/{FederationPair.RegionB}/pin", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Single(pinned.GetProperty("added").EnumerateArray());
        await Eventually.Async(async () => (await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "completed", "the report arrives after the re-pin");
        var peers = await adminA.GetFromJsonAsync<JsonElement>("/api/federation/peers", Ct);
        Assert.Equal(2, peers.GetProperty("peers")[0].GetProperty("keys").GetArrayLength());

        // Two admins pinning at once: one pins, the other is told so or finds them pinned; never two copies, never a failure.
        await pair.A.WithDbAsync(db => db.PeerKeys.Where(k => k.Region == FederationPair.RegionB).ExecuteDeleteAsync(Ct));
        var pins = await Task.WhenAll(adminA.PostAsync($"/api/federation/peers/{FederationPair.RegionB}/pin", null, Ct), adminA.PostAsync($"/api/federation/peers/{FederationPair.RegionB}/pin", null, Ct));
        Assert.All(pins, p => Assert.Contains(p.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(pins, p => p.StatusCode == HttpStatusCode.OK);
        Assert.Equal(2, await pair.A.WithDbAsync(db => db.PeerKeys.CountAsync(k => k.Region == FederationPair.RegionB, Ct)));
    }

    [Fact]
    public async Task Only_the_person_sees_her_forwarded_case_and_only_platform_admins_manage_peers_and_keys()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        using var other = await pair.A.NewResidentAsync();
        using var clerk = await pair.A.SignedInAsync("village-clerk");
        using var anonymous = pair.A.Client();
        var id = (await ForwardAsync(resident)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/me/forwarded/{id}", Ct)).StatusCode);
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/me/forwarded", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>("/api/me/forwarded", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/me/forwarded/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/me/forwarded/{id}", Ct)).StatusCode);
        foreach (var client in new[] { resident, clerk })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/federation/peers", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/federation/peers/{FederationPair.RegionB}/pin", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/federation/keys/rotation", null, Ct)).StatusCode);
        }
        // The document peers pin is public and holds public keys only.
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/.well-known/onewindow-federation", Ct);
        Assert.Equal(FederationPair.RegionA, document.GetProperty("region").GetString());
        Assert.All(document.GetProperty("keys").EnumerateArray(), k => Assert.False(k.TryGetProperty("d", out _)));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    [Fact]
    public async Task A_bill_of_someone_insured_in_B_is_settled_in_A_against_Bs_enrolment_read_through_Bs_grant()
    {
        SkipWithoutProviders();
        using var clerk = await pair.A.SignedInAsync("county-medical-insurance-reviewer");
        using var resident = await pair.A.NewResidentAsync();
        object Bill(string idNumber, string name) => new
        {
            insuredRegion = FederationPair.RegionB, idNumber, name, hospital = "广西医科大学第一附属医院",
            admittedOn = "2026-11-20", dischargedOn = "2026-11-27", totalAmount = 12_345.67m, eligibleAmount = 10_000.00m, billNumber = $"ZY{Guid.NewGuid():N}"[..20],
        };

        // The demo resident is enrolled in B (城乡居民基本医疗保险, paying): the fund pays 60 % of the eligible amount.
        var settled = await clerk.PostAsJsonAsync("/api/federation/claims", Bill(DemoData.ResidentIdNumber, "张秀兰"), Ct);
        Assert.Equal(HttpStatusCode.Created, settled.StatusCode);
        var claim = await settled.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("settled", claim.GetProperty("state").GetString());
        Assert.Equal("城乡居民基本医疗保险", claim.GetProperty("scheme").GetString());
        Assert.Equal(6000.00m, claim.GetProperty("fundPays").GetDecimal());
        Assert.Equal(6345.67m, claim.GetProperty("personPays").GetDecimal());
        Assert.Equal("1301**********1238", claim.GetProperty("patientIdNumber").GetString());

        // B read it through its province medical insurance's grant for the purpose: in her data log there.
        using var herInB = await pair.B.SignedInAsync(DemoData.ResidentIdNumber);
        var log = Strings(await herInB.GetFromJsonAsync<JsonElement>("/api/me/data-log", Ct)).ToList();
        Assert.Contains(SettleClaim.Purpose, log);
        var readId = claim.GetProperty("remoteReadId").GetGuid();
        Assert.True(await pair.B.WithDbAsync(db => db.DataReads.AnyAsync(r => r.Id == readId && r.Purpose == SettleClaim.Purpose, Ct)));
        // The settlement is reported to B through the outbox.
        var claimId = claim.GetProperty("id").GetGuid();
        await Eventually.Async(() => pair.B.WithDbAsync(db => db.FederationMessages.AnyAsync(m => m.Direction == MessageDirection.In && m.Type == SettleClaim.SettledType && m.CaseId == claimId, Ct)),
            "B receives the settlement report");

        // The same bill settled twice at once (two clerks, a double click): one settles, the other is told it is settled.
        var sameBill = new
        {
            insuredRegion = FederationPair.RegionB, idNumber = DemoData.ResidentIdNumber, name = "张秀兰", hospital = "广西医科大学第一附属医院",
            admittedOn = "2026-11-20", dischargedOn = "2026-11-27", totalAmount = 100m, eligibleAmount = 100m, billNumber = $"ZY{Guid.NewGuid():N}"[..20],
        };
        var twice = await Task.WhenAll(clerk.PostAsJsonAsync("/api/federation/claims", sameBill, Ct), clerk.PostAsJsonAsync("/api/federation/claims", sameBill, Ct));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], twice.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await pair.A.WithDbAsync(db => db.CrossRegionClaims.CountAsync(c => c.BillNumber == sameBill.billNumber, Ct)));
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync("/api/federation/claims", sameBill, Ct)).StatusCode);

        // Someone with no enrolment in B: refused, with the reason.
        var unknown = await (await clerk.PostAsJsonAsync("/api/federation/claims", Bill(OneWindowApp.NewIdNumber(), "刘晓梅"), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("refused", unknown.GetProperty("state").GetString());
        Assert.Equal(0m, unknown.GetProperty("fundPays").GetDecimal());
        Assert.False(string.IsNullOrEmpty(unknown.GetProperty("reason").GetString()));

        // Bad input, someone outside medical insurance, and the unit's list.
        await ProblemAssert.HasFieldErrorAsync(await clerk.PostAsJsonAsync("/api/federation/claims", new { insuredRegion = "44", idNumber = "123", name = "", hospital = "", totalAmount = -1m, eligibleAmount = 5m }, Ct), "insuredRegion");
        using (var village = await pair.A.SignedInAsync("village-clerk"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsJsonAsync("/api/federation/claims", Bill(DemoData.ResidentIdNumber, "张秀兰"), Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.PostAsJsonAsync("/api/federation/claims", Bill(DemoData.ResidentIdNumber, "张秀兰"), Ct)).StatusCode);
        var listed = await clerk.GetFromJsonAsync<JsonElement>("/api/federation/claims", Ct);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == claimId);

        // Once B's owner revokes the grant for the purpose, B reads nothing and A settles nothing.
        var claims = await pair.A.WithDbAsync(db => db.CrossRegionClaims.CountAsync(Ct));
        await pair.B.WithDbAsync(db => db.DataGrants.Where(g => g.Purpose == SettleClaim.Purpose).ExecuteUpdateAsync(u => u.SetProperty(g => g.State, OneWindow.DataSharing.GrantState.Revoked), Ct));
        try
        {
            var refused = await clerk.PostAsJsonAsync("/api/federation/claims", Bill(DemoData.ResidentIdNumber, "张秀兰"), Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(claims, await pair.A.WithDbAsync(db => db.CrossRegionClaims.CountAsync(Ct)));
        }
        finally
        {
            // The pair is shared by the class's tests: the grant comes back for the others.
            await pair.B.WithDbAsync(db => db.DataGrants.Where(g => g.Purpose == SettleClaim.Purpose).ExecuteUpdateAsync(u => u.SetProperty(g => g.State, OneWindow.DataSharing.GrantState.Approved), Ct));
        }
    }

    [Fact]
    public async Task The_clerk_settles_a_bill_on_the_claims_page_and_the_admin_repins_on_the_federation_page()
    {
        SkipWithoutProviders();
        using var clerk = await pair.A.SignedInAsync("county-medical-insurance-reviewer");
        Assert.Contains("/Units/Claims", await clerk.GetStringAsync("/", Ct), StringComparison.Ordinal);
        var page = System.Net.WebUtility.HtmlDecode(await OneWindow.Server.Tests.Pages.PageForms.PostAsync(clerk, "/Units/Claims", "Settle",
        [
            new("Bill.InsuredRegion", FederationPair.RegionB), new("Bill.IdNumber", DemoData.ResidentIdNumber), new("Bill.Name", "张秀兰"), new("Bill.Hospital", "南宁市第一人民医院"),
            new("Bill.AdmittedOn", "2026-11-02"), new("Bill.DischargedOn", "2026-11-05"), new("Bill.TotalAmount", "800.50"), new("Bill.EligibleAmount", "500"),
            new("Bill.BillNumber", $"NN{Guid.NewGuid():N}"[..16]),
        ]));
        Assert.Contains("已结算", page, StringComparison.Ordinal);
        Assert.Contains("300.00", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoData.ResidentIdNumber, page, StringComparison.Ordinal);
        var refused = System.Net.WebUtility.HtmlDecode(await OneWindow.Server.Tests.Pages.PageForms.PostAsync(clerk, "/Units/Claims", "Settle",
            [new("Bill.InsuredRegion", FederationPair.RegionB), new("Bill.IdNumber", "123"), new("Bill.Name", "张秀兰"), new("Bill.Hospital", "南宁市第一人民医院")]));
        Assert.Contains("身份证", refused, StringComparison.Ordinal);

        using var admin = await pair.A.SignedInAsync("admin");
        var federation = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Federation", Ct));
        Assert.Contains("河北省", federation, StringComparison.Ordinal);
        var pinned = System.Net.WebUtility.HtmlDecode(await OneWindow.Server.Tests.Pages.PageForms.PostAsync(admin, "/Admin/Federation", "Pin", [new("region", FederationPair.RegionB)]));
        Assert.Contains("已固定", pinned, StringComparison.Ordinal);
        using var clerkOnAdmin = await pair.A.SignedInAsync("village-clerk");
        var denied = await clerkOnAdmin.GetAsync("/Admin/Federation", Ct);
        // (The client of a Kestrel-served app follows the redirect: it ends on the denial page.)
        var where = denied.Headers.Location?.OriginalString ?? denied.RequestMessage?.RequestUri?.PathAndQuery ?? "";
        Assert.True(where.Contains("/Account/Denied", StringComparison.Ordinal), $"{(int)denied.StatusCode} {where}");
    }

    [Fact]
    public async Task With_B_down_the_forward_waits_in_As_outbox_the_person_is_told_and_it_arrives_once_when_B_returns()
    {
        SkipWithoutProviders();
        using var resident = await pair.A.NewResidentAsync();
        var again = await pair.StopBAsync();
        var id = (await ForwardAsync(resident)).GetProperty("id").GetGuid();

        JsonElement view = default;
        await Eventually.Async(async () => (view = await ForwardedAsync(resident, id)).GetProperty("delivery").GetProperty("attempts").GetInt32() >= 2, "A tries and fails");
        Assert.Equal("sending", view.GetProperty("state").GetString());
        Assert.StartsWith("unreachable", view.GetProperty("delivery").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(view.GetProperty("stateName").GetString()));

        await pair.StartBAsync(again);
        await Eventually.Async(async () => (await ForwardedAsync(resident, id)).GetProperty("state").GetString() == "handling", "delivered when B is back");
        Assert.Equal(1, await pair.B.WithDbAsync(db => db.Applications.CountAsync(a => a.OriginCaseId == id, Ct)));
        var forward = await pair.A.WithDbAsync(db => db.FederationMessages.AsNoTracking().SingleAsync(m => m.CaseId == id && m.Direction == MessageDirection.Out, Ct));
        Assert.Equal(MessageState.Delivered, forward.State);
    }
}

public sealed class FederationTestsSqliteToPostgres(SqliteToPostgresPair pair) : FederationTests(pair), IClassFixture<SqliteToPostgresPair>;

public sealed class FederationTestsPostgresToSqlite(PostgresToSqlitePair pair) : FederationTests(pair), IClassFixture<PostgresToSqlitePair>;
