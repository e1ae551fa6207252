using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Applications;

/// <summary>
/// Every bundle of the shipped catalog, end to end through the API on the demo data: the right kind of
/// applicant submits one form filled with valid values, and the staff of each unit the tasks were routed
/// to accept and approve them as their prerequisites allow, until the case is complete.
/// </summary>
public abstract class BundleRunTests(OneWindowApp app)
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _sessions = new(StringComparer.Ordinal);

    public static TheoryData<string> Bundles =>
        [.. CatalogDocument.Shipped().Bundles.Select(b => b.Code).Order(StringComparer.Ordinal)];

    private Task<HttpClient> SessionAsync(string account) => _sessions.GetOrAdd(account, a => app.SignedInAsync(a));

    private static string ApplicantFor(IReadOnlyList<ApplicantKind> audience) => audience[0] switch
    {
        ApplicantKind.Resident => DemoData.ResidentIdNumber,
        ApplicantKind.Enterprise => DemoData.EnterpriseCreditCode,
        ApplicantKind.Institution => DemoData.InstitutionCreditCode,
        _ => throw new InvalidOperationException("A bundle is for the public"),
    };

    /// <summary>A demo account that handles tasks of the unit called <paramref name="unitName"/>.</summary>
    private static string HandlerOf(string unitName)
    {
        var key = DemoData.Units.Single(u => u.Name == unitName).Key;
        return DemoData.Staff.First(s => s.UnitKey == key && s.Roles.HasFlag(StaffRoles.Reviewer)).UserName;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [MemberData(nameof(Bundles))]
    public async Task A_bundle_runs_from_one_form_to_every_departments_result(string code)
    {
        var bundle = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == code));
        var outputs = await app.WithDbAsync(db => db.ServiceItems.AsNoTracking().Where(i => bundle.Items.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Output));
        var applicant = await SessionAsync(ApplicantFor(bundle.Audience));

        var created = await OkAsync(await applicant.PostAsJsonAsync("/api/cases", new { bundleCode = code, divisionCode = DemoData.VillageCode, fields = SampleForms.For(bundle.Fields) }), HttpStatusCode.Created);

        var id = created.GetProperty("id").GetString();
        Assert.Equal(bundle.Items.Count, created.GetProperty("tasks").GetArrayLength());
        var approved = new List<string>();
        for (var round = 0; round <= bundle.Items.Count; round++)
        {
            var current = await OkAsync(await applicant.GetAsync($"/api/cases/{id}"));
            var tasks = current.GetProperty("tasks").EnumerateArray().ToList();
            var queued = tasks.Where(t => t.GetProperty("state").GetString() == "queued").ToList();
            if (queued.Count == 0)
            {
                break;
            }
            foreach (var task in queued)
            {
                var item = task.GetProperty("itemCode").GetString()!;
                // A task is queued only once everything it requires has been approved.
                Assert.All(task.GetProperty("requires").EnumerateArray(), r => Assert.Contains(r.GetString(), approved));
                var staff = await SessionAsync(HandlerOf(task.GetProperty("unitName").GetString()!));
                var url = $"/api/cases/{id}/tasks/{task.GetProperty("id").GetString()}";
                await OkAsync(await staff.PostAsync($"{url}/accept", null));
                // The item's declared results (checked like form fields), and a reference of the department's own.
                var result = SampleForms.For(outputs[item].Results ?? []);
                result["reference"] = $"{item}-0001";
                await OkAsync(await staff.PostAsJsonAsync($"{url}/decision", new { approve = true, result }));
                approved.Add(item);
            }
        }

        var done = await OkAsync(await applicant.GetAsync($"/api/cases/{id}"));
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.All(done.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("approved", t.GetProperty("state").GetString()));
        Assert.Equal(bundle.Items.Order(StringComparer.Ordinal), approved.Order(StringComparer.Ordinal));
        // Each predecessor's result reached the tasks that waited for it.
        var stored = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id!)));
        // Each item whose output is a certificate issued one, signed with its unit's seal, naming it in the task's result.
        foreach (var task in stored.Tasks.Where(t => outputs[t.ItemCode].Kind == OutputKind.Certificate))
        {
            var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.TaskId == task.Id));
            Assert.Equal(certificate.Identifier, task.Result[OneWindow.Applications.DecideTask.CertificateResult]);
            Assert.Equal(task.UnitId, certificate.UnitId);
            Assert.Equal(stored.ApplicantId, certificate.HolderId);
            var verdict = await app.WithScopeAsync(s => s.GetRequiredService<OneWindow.Certificates.VerifyCertificate>().VerifyAsync(certificate.Jws, TestContext.Current.CancellationToken, checkLedger: false));
            Assert.True(verdict.Status == OneWindow.Certificates.VerdictStatus.Valid, string.Join("; ", verdict.Reasons));
        }
        foreach (var edge in bundle.Prerequisites)
        {
            Assert.Equal($"{edge.Requires}-0001", stored.Tasks.Single(t => t.ItemCode == edge.Item).Inputs[edge.Requires]["reference"]);
        }
        // Declared results filled the fields that later tasks waited for.
        foreach (var flow in bundle.Flows)
        {
            var receiver = stored.Tasks.Single(t => t.ItemCode == flow.To);
            Assert.Equal(stored.Tasks.Single(t => t.ItemCode == flow.From).Result[flow.Result], receiver.Fields[flow.Field]);
            Assert.DoesNotContain(flow.Field, receiver.Awaited);
        }
    }

    [Fact]
    public async Task Approving_without_a_declared_result_names_it_and_the_birth_certificate_number_reaches_household_registration()
    {
        var parents = await SessionAsync(DemoData.ResidentIdNumber);
        var hospital = await SessionAsync("health-reviewer");
        var police = await SessionAsync("police-reviewer");
        var newborn = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN"));
        var form = SampleForms.For(newborn.Fields);
        form["childName"] = "王小满";
        var created = await OkAsync(await parents.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        string TaskOf(JsonElement c, string item) => c.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == item).GetProperty("id").GetString()!;
        var birth = $"/api/cases/{id}/tasks/{TaskOf(created, "BIRTH-MEDICAL-CERT")}";

        var without = await hospital.PostAsJsonAsync($"{birth}/decision", new { approve = true, result = new { reference = "x" } });
        var tooLong = await hospital.PostAsJsonAsync($"{birth}/decision", new { approve = true, result = new { birthCertificateNumber = new string('1', 21) } });

        await ProblemAssert.HasFieldErrorAsync(without, "result.birthCertificateNumber");
        await ProblemAssert.HasFieldErrorAsync(tooLong, "result.birthCertificateNumber");
        await OkAsync(await hospital.PostAsJsonAsync($"{birth}/decision", new { approve = true, result = new { birthCertificateNumber = "Q130456789" } }));
        var household = (await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id!)))).Tasks.Single(t => t.ItemCode == "HOUSEHOLD-REG-BIRTH");
        Assert.Equal("Q130456789", household.Fields["birthCertificateNumber"]);
        Assert.Equal("queued", (await OkAsync(await parents.GetAsync($"/api/cases/{id}"))).GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "HOUSEHOLD-REG-BIRTH").GetProperty("state").GetString());

        var registration = $"/api/cases/{id}/tasks/{TaskOf(created, "HOUSEHOLD-REG-BIRTH")}";
        await ProblemAssert.HasFieldErrorAsync(await police.PostAsJsonAsync($"{registration}/decision", new { approve = true, result = new { childIdNumber = "130123202603020011" } }), "result.childIdNumber");
        // The registration writes the child's household record (police.household) with the approval: a household number in the wrong form refuses both, and nothing is written.
        await ProblemAssert.HasFieldErrorAsync(await police.PostAsJsonAsync($"{registration}/decision", new { approve = true, result = new { childIdNumber = "130123202603020014", householdNumber = "户号12" } }), "result.householdNumber");
        Assert.Equal(0, await app.WithDbAsync(db => db.SharedDataRecords.CountAsync(r => r.Data.Contains("130123202603020014"))));
        // Four approvals at once: one approves and writes the record, three answer 409 and write nothing.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => police.PostAsJsonAsync($"{registration}/decision", new { approve = true, result = new { childIdNumber = "130123202603020014", householdNumber = "130123004512" } })));
        Assert.Single(decisions, d => d.StatusCode == HttpStatusCode.OK);
        Assert.All(decisions.Where(d => d.StatusCode != HttpStatusCode.OK), d => Assert.Equal(HttpStatusCode.Conflict, d.StatusCode));
        var written = await app.WithDbAsync(db => db.SharedDataRecords.AsNoTracking().SingleAsync(r => r.ItemCode == "police.household" && r.Data.Contains("130123202603020014")));
        var childRecord = JsonDocument.Parse(written.Data).RootElement;
        Assert.Equal(form["childName"], childRecord.GetProperty("name").GetString());
        Assert.Equal("130123004512", childRecord.GetProperty("householdNumber").GetString());
        Assert.Equal(DemoData.VillageCode, childRecord.GetProperty("divisionCode").GetString());
        Assert.Equal(form["registerAddress"], childRecord.GetProperty("address").GetString());
        var after = (await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id!)))).Tasks;
        Assert.Equal("130123202603020014", after.Single(t => t.ItemCode == "MEDICAL-INSURANCE-ENROL").Fields["insuredIdNumber"]);
        Assert.Equal("130123202603020014", after.Single(t => t.ItemCode == "MEDICAL-INSURANCE-E-VOUCHER").Fields["insuredIdNumber"]);
        Assert.Equal("130123202603020014", after.Single(t => t.ItemCode == "SOCIAL-SECURITY-CARD").Fields["cardholderIdNumber"]);
    }

    [Fact]
    public async Task The_change_registration_issues_the_new_licence_and_changes_the_register_once_keeping_what_did_not_change()
    {
        var enterprise = await SessionAsync(DemoData.EnterpriseCreditCode);
        var market = await SessionAsync("county-market-reviewer");
        var bundle = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "ENTERPRISE-INFO-CHANGE"));
        // The register as it stands now (the bundle runs of this app may have changed it already).
        var subject = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<OneWindow.DataSharing.SubjectKeys>().Of(OneWindow.DataSharing.DataSubjectKind.Enterprise, DemoData.EnterpriseCreditCode)));
        var before = await app.WithDbAsync(db => db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == "market.enterprise" && r.SubjectHash == subject).OrderByDescending(r => r.Version).FirstAsync());
        async Task<(string Case, string Task)> SubmitAsync(string uscc, string newAddress)
        {
            var form = SampleForms.For(bundle.Fields.Where(f => f.Required));
            form["uscc"] = uscc;
            form["changeItem"] = "address";
            form["newAddress"] = newAddress;
            form["legalRepName"] = DemoData.EnterpriseLegalRepresentative;
            var created = await OkAsync(await enterprise.PostAsJsonAsync("/api/cases", new { bundleCode = bundle.Code, divisionCode = DemoData.VillageCode, fields = form }), HttpStatusCode.Created);
            return (created.GetProperty("id").GetString()!, created.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "ENTERPRISE-CHANGE-REG").GetProperty("id").GetString()!);
        }

        // An enterprise market regulation has no record of: nothing to change, so nothing is approved, issued or written.
        var unknown = await SubmitAsync(OneWindow.Formats.UnifiedSocialCreditCode.Synthesize('9', '1', "130123", 424_242), "正定县无名路1号");
        var refused = await ProblemAssert.IsProblemAsync(await market.PostAsJsonAsync($"/api/cases/{unknown.Case}/tasks/{unknown.Task}/decision", new { approve = true }), HttpStatusCode.Conflict);
        Assert.Contains("没有该对象的", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.TaskId == Guid.Parse(unknown.Task))));

        // Four approvals at once of the demo enterprise's change: one issues the licence and writes the next version; three answer 409.
        var change = await SubmitAsync(DemoData.EnterpriseCreditCode, "正定县新城大道99号");
        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => market.PostAsJsonAsync($"/api/cases/{change.Case}/tasks/{change.Task}/decision", new { approve = true })));
        Assert.Single(decisions, d => d.StatusCode == HttpStatusCode.OK);
        Assert.All(decisions.Where(d => d.StatusCode != HttpStatusCode.OK), d => Assert.Equal(HttpStatusCode.Conflict, d.StatusCode));
        var licence = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.TaskId == Guid.Parse(change.Task)));
        var after = await app.WithDbAsync(db => db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == "market.enterprise" && r.SubjectHash == before.SubjectHash && r.Version > before.Version).ToListAsync());
        var written = Assert.Single(after);
        Assert.Equal(before.Version + 1, written.Version);
        var was = JsonDocument.Parse(before.Data).RootElement;
        var now = JsonDocument.Parse(written.Data).RootElement;
        Assert.Equal("正定县新城大道99号", now.GetProperty("address").GetString());
        Assert.Equal(was.GetProperty("name").GetString(), now.GetProperty("name").GetString());
        Assert.Equal(was.GetProperty("businessScope").GetString(), now.GetProperty("businessScope").GetString());
        Assert.Equal(DemoData.EnterpriseLegalRepresentative, now.GetProperty("legalRepresentative").GetString());
        var stored = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(change.Case)));
        Assert.Equal(licence.Identifier, stored.Tasks.Single(t => t.ItemCode == "ENTERPRISE-CHANGE-REG").Result[OneWindow.Applications.DecideTask.CertificateResult]);
        await app.LedgerDrainedAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == written.LedgerLeafHash && e.Type == "data.written")));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == licence.LedgerLeafHash)));
    }

    [Fact]
    public async Task A_mailed_card_carries_its_tracking_number_and_the_completed_case_shows_what_it_saved()
    {
        var parents = await SessionAsync(DemoData.ResidentIdNumber);
        var newborn = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN"));
        var outputs = await app.WithDbAsync(db => db.ServiceItems.AsNoTracking().Where(i => newborn.Items.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Output));
        var form = SampleForms.For(newborn.Fields);
        form["childName"] = "赵一鸣";
        var noAddress = await parents.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new Dictionary<string, string>(), delivery = new { method = "mail" } });
        await ProblemAssert.HasFieldErrorAsync(noAddress, "delivery.address");

        var created = await OkAsync(await parents.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form, delivery = new { method = "mail" } }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal("mail", created.GetProperty("delivery").GetString());
        Assert.Equal(form["deliveryAddress"], created.GetProperty("deliveryAddress").GetString());
        JsonElement current = created;
        while (current.GetProperty("tasks").EnumerateArray().FirstOrDefault(t => t.GetProperty("state").GetString() == "queued") is { ValueKind: JsonValueKind.Object } task)
        {
            var staff = await SessionAsync(HandlerOf(task.GetProperty("unitName").GetString()!));
            var result = SampleForms.For(outputs[task.GetProperty("itemCode").GetString()!].Results ?? []);
            current = await OkAsync(await staff.PostAsJsonAsync($"/api/cases/{id}/tasks/{task.GetProperty("id").GetString()}/decision", new { approve = true, result }));
        }
        var card = current.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "SOCIAL-SECURITY-CARD");
        var cardUrl = $"/api/cases/{id}/tasks/{card.GetProperty("id").GetString()}/handover";
        var hrss = await SessionAsync("county-hrss-reviewer");
        var bank = await SessionAsync("county-bank-reviewer");
        Assert.Equal("awaiting-dispatch", card.GetProperty("handover").GetString());

        await ProblemAssert.HasFieldErrorAsync(await hrss.PostAsJsonAsync(cardUrl, new { step = "mailed", carrier = "中国邮政", trackingNumber = "<script>" }), "trackingNumber");
        await ProblemAssert.IsProblemAsync(await hrss.PostAsJsonAsync(cardUrl, new { step = "ready-for-collection" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await bank.PostAsJsonAsync(cardUrl, new { step = "mailed", carrier = "中国邮政", trackingNumber = "EMS1234567890" }), HttpStatusCode.NotFound);
        // Two clerks record the dispatch at the same moment: one is saved, the other learns it was already done.
        var hrss2 = await app.SignedInAsync("county-hrss-reviewer");
        var both = await Task.WhenAll(
            hrss.PostAsJsonAsync(cardUrl, new { step = "mailed", carrier = "中国邮政", trackingNumber = "ems1234567890" }),
            hrss2.PostAsJsonAsync(cardUrl, new { step = "mailed", carrier = "顺丰速运", trackingNumber = "SF1234567890" }));
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Conflict);
        var winner = both.Single(r => r.StatusCode == HttpStatusCode.OK);
        var mailed = await winner.Content.ReadFromJsonAsync<JsonElement>();
        var tracking = mailed.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "SOCIAL-SECURITY-CARD").GetProperty("trackingNumber").GetString();

        var seen = await OkAsync(await parents.GetAsync($"/api/cases/{id}"));
        var seenCard = seen.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "SOCIAL-SECURITY-CARD");
        Assert.Equal("mailed", seenCard.GetProperty("handover").GetString());
        Assert.Equal(tracking, seenCard.GetProperty("trackingNumber").GetString());
        Assert.Single(seen.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "mailed");
        Assert.Equal("completed", seen.GetProperty("state").GetString());
        var measures = seen.GetProperty("measures");
        Assert.Equal(0, measures.GetProperty("trips").GetInt32());
        Assert.Equal(11, measures.GetProperty("tripsSaved").GetInt32());
        Assert.Equal(7, measures.GetProperty("formsSeparately").GetInt32());
        Assert.Equal(6, measures.GetProperty("workingDaysPromised").GetInt32());
        Assert.Equal(mailed.GetProperty("id").GetString(), id);
    }

    [Fact]
    public async Task A_kind_of_applicant_a_bundle_is_not_for_is_refused_and_nothing_is_saved()
    {
        var resident = await SessionAsync(DemoData.ResidentIdNumber);
        var enterprise = await SessionAsync(DemoData.EnterpriseCreditCode);
        var restaurant = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "OPEN-RESTAURANT"));
        var newborn = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN"));
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());

        var residentOpensRestaurant = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "OPEN-RESTAURANT", divisionCode = DemoData.VillageCode, fields = SampleForms.For(restaurant.Fields) });
        var enterpriseHasBaby = await enterprise.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = SampleForms.For(newborn.Fields) });
        var staffOnlyItem = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "HOUSEHOLD-INFO-VERIFY", divisionCode = DemoData.VillageCode, fields = new Dictionary<string, string>() });

        Assert.Contains("服务对象为：企业", (await ProblemAssert.IsProblemAsync(residentOpensRestaurant, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("服务对象为：个人", (await ProblemAssert.IsProblemAsync(enterpriseHasBaby, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("只能由工作人员发起", (await ProblemAssert.IsProblemAsync(staffOnlyItem, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task The_catalog_offers_each_kind_of_applicant_only_what_it_may_apply_for()
    {
        using var anonymous = app.Client();

        var forResidents = await OkAsync(await anonymous.GetAsync("/api/catalog/bundles?audience=resident"));
        var forEnterprises = await OkAsync(await anonymous.GetAsync("/api/catalog/bundles?audience=enterprise"));
        var residentItems = await OkAsync(await anonymous.GetAsync("/api/catalog/items?audience=resident&pageSize=200"));

        Assert.Contains(forResidents.EnumerateArray(), b => b.GetProperty("code").GetString() == "NEWBORN");
        Assert.DoesNotContain(forResidents.EnumerateArray(), b => b.GetProperty("code").GetString() == "OPEN-RESTAURANT");
        Assert.Contains(forEnterprises.EnumerateArray(), b => b.GetProperty("code").GetString() == "OPEN-RESTAURANT");
        Assert.All(residentItems.GetProperty("items").EnumerateArray(), i => Assert.Contains("resident", i.GetProperty("audience").EnumerateArray().Select(a => a.GetString())));
        Assert.DoesNotContain(residentItems.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "HOUSEHOLD-INFO-VERIFY");
        await ProblemAssert.HasFieldErrorAsync(await anonymous.GetAsync("/api/catalog/items?audience=martians"), "audience");
    }
}

public sealed class BundleRunTestsOnSqlite(SqliteApp app) : BundleRunTests(app), IClassFixture<SqliteApp>;

public sealed class BundleRunTestsOnPostgres(PostgresApp app) : BundleRunTests(app), IClassFixture<PostgresApp>;
