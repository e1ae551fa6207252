using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Applications;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.DataSharing;

/// <summary>
/// Once-only for 新生儿出生一件事 with the demo data: the parent's household record and the birth record fill the
/// form and stand for materials, under the demo grants to the units handling the bundle — shown first without
/// reading anything, read only after the person agrees, each read in their data log, the consent in the ledger and
/// on the one application it serves.
/// </summary>
public abstract class OnceOnlyTests(OneWindowApp app)
{
    private static readonly object Newborn = new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode };

    private async Task<int> ReadsOfDemoResidentAsync(HttpClient resident) =>
        (await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32();

    private async Task<JsonElement> ConsentAsync(HttpClient resident)
    {
        var response = await resident.PostAsJsonAsync("/api/cases/prefill", Newborn, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>The newborn form: typed answers for what shared data does not hold, the read values for what it does; a new mother's number each time, so each is a new matter.</summary>
    private async Task<Dictionary<string, string>> FormAsync(JsonElement filled)
    {
        var form = SampleForms.For(await app.WithDbAsync(db => db.Bundles.AsNoTracking().Where(b => b.Code == "NEWBORN").Select(b => b.Fields).SingleAsync()));
        foreach (var value in filled.GetProperty("values").EnumerateObject())
        {
            form[value.Name] = value.Value.GetString()!;
        }
        form["motherIdNumber"] = OneWindowApp.NewIdNumber();
        return form;
    }

    /// <summary>Every string value in a JSON answer, as its reader sees it (unescaped).</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static object Submission(Dictionary<string, string> form, Guid? consentId) =>
        new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form, consentId };

    [Fact]
    public async Task The_preview_names_the_data_its_department_the_reading_unit_the_answers_and_materials_and_reads_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var before = await ReadsOfDemoResidentAsync(resident);

        var response = await resident.PostAsJsonAsync("/api/cases/prefill/preview", Newborn, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("办理新生儿出生一件事", preview.GetProperty("purpose").GetString());
        var sources = preview.GetProperty("sources").EnumerateArray().ToList();
        var household = Assert.Single(sources, s => s.GetProperty("item").GetString() == "police.household" && s.GetProperty("unitName").GetString() == "正定县医疗保障局");
        Assert.Equal("户籍信息", household.GetProperty("itemName").GetString());
        Assert.Equal("公安", household.GetProperty("department").GetString());
        Assert.Equal(["guardianIdNumber", "guardianName", "registerAddress"], household.GetProperty("formFields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(household.GetProperty("materials").EnumerateArray(), m => m.GetProperty("name").GetString() == "居民户口簿（新生儿已登记户口）");
        Assert.Contains(sources, s => s.GetProperty("item").GetString() == "health.birth-medical-record"
            && s.GetProperty("formFields").EnumerateArray().Any(f => f.GetProperty("name").GetString() == "childSex"));
        Assert.Contains(sources, s => s.GetProperty("item").GetString() == "insurance.enrolment" && s.GetProperty("unitName").GetString() == "河北省医疗保障局");
        // Seeing is not reading: nothing in the data log, no values anywhere in the answer.
        Assert.Equal(before, await ReadsOfDemoResidentAsync(resident));
        Assert.DoesNotContain(Strings(preview), v => v is DemoData.ResidentAddress or DemoData.NewbornName or DemoData.ResidentIdNumber or DemoData.NewbornHospital);
    }

    [Fact]
    public async Task Agreeing_records_the_consent_in_the_ledger_then_reads_each_record_for_its_unit_and_fills_the_answers()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var before = await ReadsOfDemoResidentAsync(resident);

        var filled = await ConsentAsync(resident);

        var values = filled.GetProperty("values");
        Assert.Equal(DemoData.ResidentName, values.GetProperty("guardianName").GetString());
        Assert.Equal(DemoData.ResidentIdNumber, values.GetProperty("guardianIdNumber").GetString());
        Assert.Equal(DemoData.ResidentAddress, values.GetProperty("registerAddress").GetString());
        Assert.Equal(DemoData.NewbornName, values.GetProperty("childName").GetString());
        Assert.Equal("female", values.GetProperty("childSex").GetString()); // the record's 女, as the form's choice
        Assert.Equal(DemoData.NewbornHospital, values.GetProperty("birthHospital").GetString());
        Assert.Equal("police.household", filled.GetProperty("valueSources").GetProperty("guardianName").GetString());
        Assert.Empty(filled.GetProperty("notOnRecord").EnumerateArray());
        var reads = filled.GetProperty("sources").GetArrayLength();
        Assert.Equal(6, reads);

        var page = await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken);
        var log = page.GetProperty("items").EnumerateArray().ToList(); // newest first
        Assert.Equal(before + reads, page.GetProperty("total").GetInt32());
        Assert.Equal(reads, log.Take(reads).Count(r => r.GetProperty("purpose").GetString() == "办理新生儿出生一件事"));
        Assert.Contains(log.Take(reads), r => r.GetProperty("reader").GetString() == "正定县公安局正定派出所" && r.GetProperty("itemName").GetString() == "出生医学记录");

        var consentId = filled.GetProperty("consentId").GetGuid();
        var consent = await app.WithDbAsync(db => db.DataConsents.AsNoTracking().SingleAsync(c => c.Id == consentId));
        Assert.Equal(reads, consent.Reads.Count);
        await app.LedgerDrainedAsync();
        var entry = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.LeafHash == consent.LedgerLeafHash));
        Assert.Equal("data.consent", entry.Type);
        var logged = await app.WithScopeAsync(services => services.GetRequiredService<OneWindow.Ledger.LedgerReader>().EntriesAsync(entry.Index, entry.Index, TestContext.Current.CancellationToken));
        var recorded = System.Text.Encoding.UTF8.GetString(logged[0].Input);
        Assert.Contains(consentId.ToString(), recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoData.ResidentIdNumber, recorded, StringComparison.Ordinal);
        // Given before the first read: the consent's entry precedes the entries of the reads made under it.
        var readIds = consent.Reads.Select(r => r.ReadId).ToList();
        var readLeaves = await app.WithDbAsync(db => db.DataReads.AsNoTracking().Where(r => readIds.Contains(r.Id)).Select(r => r.LedgerLeafHash).ToListAsync());
        var readEntries = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Type == "data.read").Select(e => new { e.Index, e.LeafHash }).ToListAsync());
        var indexes = readEntries.Where(e => readLeaves.Any(l => l.SequenceEqual(e.LeafHash))).Select(e => e.Index).ToList();
        Assert.Equal(reads, indexes.Count);
        Assert.All(indexes, i => Assert.True(i > entry.Index));
    }

    [Fact]
    public async Task The_application_marks_the_unchanged_answers_with_their_source_and_gives_the_materials_by_the_reads()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var filled = await ConsentAsync(resident);
        var form = await FormAsync(filled);
        form["registerAddress"] = "正定镇西关村5组1号"; // changed by the person: their own answer now

        var response = await resident.PostAsJsonAsync("/api/cases", Submission(form, filled.GetProperty("consentId").GetGuid()), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var prefilled = created.GetProperty("prefilled").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal("police.household", prefilled["guardianName"]);
        Assert.Equal("health.birth-medical-record", prefilled["childSex"]);
        Assert.False(prefilled.ContainsKey("registerAddress"));
        Assert.False(prefilled.ContainsKey("phone"));
        Assert.Equal(filled.GetProperty("consentId").GetGuid(), created.GetProperty("consentId").GetGuid());
        var id = created.GetProperty("id").GetGuid();
        var materials = await app.WithDbAsync(db => db.ApplicationMaterials.AsNoTracking().Where(m => m.ApplicationId == id).ToListAsync());
        Assert.All(materials, m => Assert.Equal(MaterialSource.SharedData, m.Source));
        Assert.Contains(materials, m => m.ItemCode == "HOUSEHOLD-REG-BIRTH" && m.MaterialCode == "household-register-booklet" && m.SharedItem == "police.household" && m.ReadId is not null);
        Assert.Contains(materials, m => m.ItemCode == "HOUSEHOLD-REG-BIRTH" && m.MaterialCode == "birth-medical-certificate");
        Assert.Contains(materials, m => m.ItemCode == "MEDICAL-INSURANCE-E-VOUCHER" && m.SharedItem == "insurance.enrolment");
        Assert.Contains(materials, m => m.ItemCode == "BANK-ACCOUNT-NEWBORN" && m.MaterialCode == "household-register-booklet");
        Assert.Equal(6, materials.Count);
        var measures = created.GetProperty("measures");
        Assert.Equal(prefilled.Count, measures.GetProperty("fieldsFromSharedData").GetInt32());
        Assert.Equal(materials.Count, measures.GetProperty("materialsFromSharedData").GetInt32());
        var application = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Contains(application.History, e => e.Kind == "data-consent" && e.Note!.Contains("police.household", StringComparison.Ordinal));
        // The case page says what was saved, and where to see the reads.
        var page = await resident.GetStringAsync($"/Cases/{id}", TestContext.Current.CancellationToken);
        Assert.Contains($"免填 {prefilled.Count} 项、免交 {materials.Count} 份材料", page, StringComparison.Ordinal);
        Assert.Contains("经您同意由共享数据代替，免交", page, StringComparison.Ordinal);
        Assert.Contains("同意使用共享数据：出生医学记录", page, StringComparison.Ordinal);
        // The handling unit's staff see which data stood for a material by its name; nobody is shown its code.
        using var police = await app.SignedInAsync("police-reviewer");
        var household = created.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("itemCode").GetString() == "HOUSEHOLD-REG-BIRTH").GetProperty("id").GetString();
        var work = await police.GetStringAsync($"/Workbench/Task/{id}/{household}", TestContext.Current.CancellationToken);
        Assert.Contains("共享数据代替（申请人已同意；户籍信息 第 ", work, StringComparison.Ordinal);
        Assert.DoesNotContain("police.household", page + work, StringComparison.Ordinal);
        Assert.DoesNotContain("data-consent", page + work, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_serves_only_its_person_and_one_application_even_when_submitted_at_once()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var other = await app.NewResidentAsync();
        var filled = await ConsentAsync(resident);
        var consentId = filled.GetProperty("consentId").GetGuid();

        var stolen = await other.PostAsJsonAsync("/api/cases", Submission(await FormAsync(filled), consentId), TestContext.Current.CancellationToken);
        await ProblemAssert.HasFieldErrorAsync(stolen, "consentId");

        var forms = new List<Dictionary<string, string>>();
        for (var i = 0; i < 6; i++)
        {
            forms.Add(await FormAsync(filled)); // six different matters (each another mother's number), one consent
        }
        var responses = await Task.WhenAll(forms.Select(f => resident.PostAsJsonAsync("/api/cases", Submission(f, consentId), TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.Applications.CountAsync(a => a.ConsentId == consentId)));
        var saved = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.ConsentId == consentId));
        // The materials its reads gave belong to the one application, none to a loser.
        var consentReads = (await app.WithDbAsync(db => db.DataConsents.AsNoTracking().SingleAsync(c => c.Id == consentId))).Reads.Select(r => (Guid?)r.ReadId).ToList();
        var owners = await app.WithDbAsync(db => db.ApplicationMaterials.Where(m => consentReads.Contains(m.ReadId)).Select(m => m.ApplicationId).Distinct().ToListAsync());
        Assert.Equal([saved.Id], owners);
        var consent = await app.WithDbAsync(db => db.DataConsents.AsNoTracking().SingleAsync(c => c.Id == consentId));
        Assert.Equal(saved.Id, consent.UsedFor);
        var again = await resident.PostAsJsonAsync("/api/cases", Submission(await FormAsync(filled), consentId), TestContext.Current.CancellationToken);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Without_a_record_or_a_grant_nothing_is_filled_and_the_person_types_as_before()
    {
        // A new resident: the grants exist but the departments hold no record of them.
        using var newcomer = await app.NewResidentAsync();
        var filled = await ConsentAsync(newcomer);
        Assert.Empty(filled.GetProperty("values").EnumerateObject());
        Assert.Contains("police.household", filled.GetProperty("notOnRecord").EnumerateArray().Select(i => i.GetString()));

        // A matter no unit holds a grant for: the preview offers nothing and agreeing is refused with the reason.
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var residence = new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode };
        var preview = await resident.PostAsJsonAsync("/api/cases/prefill/preview", residence, TestContext.Current.CancellationToken);
        Assert.Empty((await preview.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sources").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await resident.PostAsJsonAsync("/api/cases/prefill", residence, TestContext.Current.CancellationToken), HttpStatusCode.Conflict);

        // Bad input: the village is checked as a submission checks it.
        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync("/api/cases/prefill/preview", new { bundleCode = "NEWBORN", divisionCode = "1301" }, TestContext.Current.CancellationToken), "divisionCode");
        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync("/api/cases/prefill", new { bundleCode = "NO-SUCH", divisionCode = DemoData.VillageCode }, TestContext.Current.CancellationToken), "bundleCode");
    }

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var endpoint in new[] { "/api/cases/prefill/preview", "/api/cases/prefill" })
        {
            data.Add(endpoint, DemoData.ResidentIdNumber, 200); // the person whose data it is
            data.Add(endpoint, DemoData.EnterpriseCreditCode, 403); // the newborn bundle is for residents
            foreach (var staff in new[] { "village-clerk", "county-police-reviewer", "county-police-admin", "admin" })
            {
                data.Add(endpoint, staff, 403); // staff never agree for someone else
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Only_the_person_sees_and_agrees_to_the_use_of_their_data(string endpoint, string account, int status)
    {
        using var caller = await app.SignedInAsync(account);

        var response = await caller.PostAsJsonAsync(endpoint, Newborn, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
    }

    [Fact]
    public async Task A_clerk_filing_for_someone_cannot_bring_a_consent()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        var response = await clerk.PostAsJsonAsync("/api/cases", new
        {
            bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = new Dictionary<string, string>(), consentId = Guid.NewGuid(),
            applicantIdNumber = DemoData.ResidentIdNumber, applicantName = DemoData.ResidentName,
        }, TestContext.Current.CancellationToken);

        await ProblemAssert.HasFieldErrorAsync(response, "consentId");
    }
}

public sealed class OnceOnlyTestsOnSqlite(SqliteApp app) : OnceOnlyTests(app), IClassFixture<SqliteApp>;

public sealed class OnceOnlyTestsOnPostgres(PostgresApp app) : OnceOnlyTests(app), IClassFixture<PostgresApp>;
