using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Formats;
using OneWindow.Proactive;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Proactive;

/// <summary>
/// 免申即享 end to end: a birth registered by the police for a mother whose enrolment shows maternity insurance grants
/// her the maternity allowance at the county medical-insurance bureau, unasked — the bureau's read of her enrolment is
/// in her data log, the grant says which rule, event and data made it; a mother without cover gets nothing; a replayed
/// event grants nothing twice; she may object once; two reviewers recording one payment at once: one wins.
/// </summary>
public abstract class BenefitsWithoutApplicationTests(OneWindowApp app)
{
    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string ChildId()
    {
        var body = $"130123202611{Random.Shared.Next(10, 29)}{Random.Shared.Next(100, 1000)}";
        return body + ResidentIdNumber.CheckCharacter(body);
    }

    /// <summary>A mother who has registered, her enrolment as the bureau wrote it (or none), and her child's birth registered by the police.</summary>
    private async Task<(HttpClient Mother, string IdNumber, string CaseId)> BirthAsync(bool? maternityInsured)
    {
        var id = OneWindowApp.NewIdNumber();
        using (var visitor = app.Client())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123" })).StatusCode);
        }
        var mother = await app.SignedInAsync(id, "longpass123");
        if (maternityInsured is { } insured)
        {
            using var bureau = await app.SignedInAsync("county-medical-insurance-reviewer");
            await OkAsync(await bureau.PutAsJsonAsync("/api/data/items/insurance.enrolment/records", new
            {
                subject = id, data = new { scheme = "职工基本医疗保险", enrolledSince = "2019-07-01", status = "参保缴费", maternityInsured = insured },
            }));
        }
        var item = await app.WithDbAsync(db => db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == "HOUSEHOLD-REG-BIRTH"));
        var form = SampleForms.For(item.Fields);
        form["motherIdNumber"] = id;
        form["motherName"] = "刘晓梅";
        form["birthDate"] = "2026-11-20";
        var created = await OkAsync(await mother.PostAsJsonAsync("/api/cases", new { itemCode = "HOUSEHOLD-REG-BIRTH", divisionCode = DemoData.VillageCode, fields = form }), HttpStatusCode.Created);
        var caseId = created.GetProperty("id").GetString()!;
        var task = created.GetProperty("tasks")[0].GetProperty("id").GetString();
        using var police = await app.SignedInAsync("police-reviewer");
        await OkAsync(await police.PostAsJsonAsync($"/api/cases/{caseId}/tasks/{task}/decision", new { approve = true, result = new { childIdNumber = ChildId(), householdNumber = "130123004512" } }));
        return (mother, id, caseId);
    }

    private Task<int> ProcessAsync() =>
        app.WithScopeAsync(s => s.GetRequiredService<GrantBenefits>().ProcessPendingAsync(50, TestContext.Current.CancellationToken));

    /// <summary>The event of a case, once the inbox has processed it (by this test or the server's worker).</summary>
    private async Task<ProactiveEvent> ProcessedAsync(string caseId)
    {
        var application = Guid.Parse(caseId);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await ProcessAsync();
            var found = await app.WithDbAsync(db => db.ProactiveEvents.AsNoTracking().SingleAsync(e => e.ApplicationId == application));
            if (found.ProcessedAt is not null)
            {
                return found;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("the birth's event was not processed");
    }

    [Fact]
    public async Task A_registered_birth_grants_the_insured_mother_the_maternity_allowance_unasked_with_its_reasons_once_only()
    {
        var (mother, motherId, caseId) = await BirthAsync(maternityInsured: true);
        var processed = await ProcessedAsync(caseId);
        Assert.Null(processed.Note);

        var benefits = await OkAsync(await mother.GetAsync("/api/me/benefits"));
        var grant = Assert.Single(benefits.EnumerateArray());
        Assert.Equal("maternity-allowance-on-birth", grant.GetProperty("ruleCode").GetString());
        Assert.Equal("MATERNITY-ALLOWANCE", grant.GetProperty("itemCode").GetString());
        Assert.Equal("正定县医疗保障局", grant.GetProperty("unit").GetString());
        Assert.Equal("granted", grant.GetProperty("state").GetString());
        Assert.Equal(motherId, grant.GetProperty("fields").GetProperty("insuredIdNumber").GetString());
        Assert.Equal("2026-11-20", grant.GetProperty("fields").GetProperty("deliveryDate").GetString());
        Assert.Contains("免申即", grant.GetProperty("source").GetString(), StringComparison.Ordinal);
        var reasons = grant.GetProperty("explanation").EnumerateArray().ToList();
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.True(r.GetProperty("held").GetBoolean()));
        Assert.Equal("医疗保险参保信息 · 生育保险", reasons[0].GetProperty("what").GetString());

        // The bureau's read of her enrolment, for the rule's purpose, is in her data log.
        var log = await OkAsync(await mother.GetAsync("/api/me/data-log"));
        Assert.Contains(log.GetProperty("items").EnumerateArray(), e => e.GetProperty("purpose").GetString() == "生育津贴免申即享");

        // A replayed event, taken by two workers at once, grants nothing twice.
        await app.WithDbAsync(db => db.ProactiveEvents.Where(e => e.Id == processed.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, (long?)null).SetProperty(e => e.LeasedUntil, 0L)));
        await Task.WhenAll(ProcessAsync(), ProcessAsync());
        await ProcessedAsync(caseId);
        Assert.Equal(1, await app.WithDbAsync(db => db.BenefitGrants.CountAsync(g => g.EventId == processed.EventId)));

        // She objects once, with a reason; then it is no longer granted, and cannot be paid.
        var id = grant.GetProperty("id").GetString();
        await ProblemAssert.HasFieldErrorAsync(await mother.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "" }), "reason");
        Assert.Equal("objected", (await OkAsync(await mother.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "金额应按实际工资计算" }))).GetProperty("state").GetString());
        await ProblemAssert.IsProblemAsync(await mother.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "再次" }), HttpStatusCode.Conflict);
        using var bureau = await app.SignedInAsync("county-medical-insurance-reviewer");
        await ProblemAssert.IsProblemAsync(await bureau.PostAsync($"/api/benefits/{id}/payment", null), HttpStatusCode.Conflict);
        mother.Dispose();
    }

    [Fact]
    public async Task A_dry_run_of_the_birth_rule_on_recent_approvals_finds_the_insured_mother_and_grants_nothing_more()
    {
        var (mother, motherId, caseId) = await BirthAsync(maternityInsured: true);
        await ProcessedAsync(caseId);
        var before = await app.WithDbAsync(db => db.BenefitGrants.CountAsync());
        var tried = await app.WithScopeAsync(s => s.GetRequiredService<ScanBenefits>().TryOnApprovalsAsync("maternity-allowance-on-birth", TestContext.Current.CancellationToken));
        Assert.True(tried.Succeeded, tried.Failure?.Detail);
        Assert.True(tried.Value!.Looked >= 1);
        Assert.True(tried.Value.AlreadyGranted >= 1); // hers, granted when the birth was registered
        Assert.Equal(before, await app.WithDbAsync(db => db.BenefitGrants.CountAsync()));
        var wrongKind = await app.WithScopeAsync(s => s.GetRequiredService<ScanBenefits>().TryOnApprovalsAsync("elderly-allowance-at-80", TestContext.Current.CancellationToken));
        Assert.False(wrongKind.Succeeded);
        Assert.NotEmpty(motherId);
        mother.Dispose();
    }

    [Fact]
    public async Task Her_objection_and_the_units_payment_at_once_one_wins_and_nobody_else_may_object()
    {
        var (mother, _, caseId) = await BirthAsync(maternityInsured: true);
        await ProcessedAsync(caseId);
        var id = (await OkAsync(await mother.GetAsync("/api/me/benefits")))[0].GetProperty("id").GetString();
        using var stranger = await app.NewResidentAsync();
        await ProblemAssert.IsProblemAsync(await stranger.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "不是我的" }), HttpStatusCode.NotFound);
        Assert.Empty((await OkAsync(await stranger.GetAsync("/api/me/benefits"))).EnumerateArray());
        using var staff = await app.SignedInAsync("county-medical-insurance-reviewer");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "代为提出" }), HttpStatusCode.Forbidden);

        var both = await Task.WhenAll(
            mother.PostAsJsonAsync($"/api/me/benefits/{id}/objection", new { reason = "金额应按实际工资计算" }),
            staff.PostAsync($"/api/benefits/{id}/payment", null));
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Conflict);
        var state = (await OkAsync(await mother.GetAsync("/api/me/benefits")))[0].GetProperty("state").GetString();
        Assert.Equal(both[0].StatusCode == HttpStatusCode.OK ? "objected" : "paid", state);
        mother.Dispose();
    }

    [Fact]
    public async Task A_mother_without_maternity_cover_or_without_an_enrolment_is_granted_nothing()
    {
        var (uninsured, _, first) = await BirthAsync(maternityInsured: false);
        var (unknown, _, second) = await BirthAsync(maternityInsured: null);
        await ProcessedAsync(first);
        await ProcessedAsync(second);
        Assert.Empty((await OkAsync(await uninsured.GetAsync("/api/me/benefits"))).EnumerateArray());
        Assert.Empty((await OkAsync(await unknown.GetAsync("/api/me/benefits"))).EnumerateArray());
        uninsured.Dispose();
        unknown.Dispose();
    }

    [Fact]
    public async Task Two_reviewers_recording_one_payment_at_once_one_wins_and_only_the_granting_unit_sees_it()
    {
        var (mother, _, caseId) = await BirthAsync(maternityInsured: true);
        await ProcessedAsync(caseId);
        var id = (await OkAsync(await mother.GetAsync("/api/me/benefits")))[0].GetProperty("id").GetString();
        using var first = await app.SignedInAsync("county-medical-insurance-reviewer");
        using var second = await app.SignedInAsync("county-medical-insurance-reviewer");
        using var elsewhere = await app.SignedInAsync("county-civil-affairs-reviewer");
        Assert.Contains((await OkAsync(await first.GetAsync("/api/benefits"))).EnumerateArray(), g => g.GetProperty("id").GetString() == id);
        Assert.DoesNotContain((await OkAsync(await elsewhere.GetAsync("/api/benefits"))).EnumerateArray(), g => g.GetProperty("id").GetString() == id);
        await ProblemAssert.IsProblemAsync(await elsewhere.PostAsync($"/api/benefits/{id}/payment", null), HttpStatusCode.NotFound);

        var paid = await Task.WhenAll(first.PostAsync($"/api/benefits/{id}/payment", null), second.PostAsync($"/api/benefits/{id}/payment", null));
        Assert.Single(paid, p => p.StatusCode == HttpStatusCode.OK);
        Assert.Single(paid, p => p.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("paid", (await OkAsync(await mother.GetAsync("/api/me/benefits")))[0].GetProperty("state").GetString());
        mother.Dispose();
    }

    private static string BornIn(int year)
    {
        var body = $"130123{year}0{Random.Shared.Next(1, 10)}1{Random.Shared.Next(0, 10)}{Random.Shared.Next(100, 1000)}";
        return body + ResidentIdNumber.CheckCharacter(body);
    }

    [Fact]
    public async Task The_scan_finds_people_of_80_in_the_household_records_a_dry_run_grants_nothing_and_a_person_is_granted_once()
    {
        var elder = BornIn(1940);
        var younger = BornIn(1962);
        using (var police = await app.SignedInAsync("county-police-reviewer"))
        {
            foreach (var (id, name) in new[] { (elder, "张秀英"), (younger, "李建国") })
            {
                await OkAsync(await police.PutAsJsonAsync("/api/data/items/police.household/records", new
                {
                    subject = id, data = new { name, idNumber = id, householdNumber = "130123004512", relationToHead = "户主", address = "正定镇西关村3组12号", divisionCode = DemoData.VillageCode },
                }));
            }
        }
        var keys = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<OneWindow.DataSharing.SubjectKeys>()));
        Task<int> GrantsOfAsync(string id) => app.WithDbAsync(db => db.BenefitGrants.CountAsync(g => g.SubjectHash == keys.Of(OneWindow.DataSharing.DataSubjectKind.Resident, id)));
        async Task<ScanBenefits.Result> ScanAsync(bool dryRun)
        {
            var reports = new List<ScanBenefits.Progress>();
            var outcome = await app.WithScopeAsync(s => s.GetRequiredService<ScanBenefits>().RunAsync("elderly-allowance-at-80", dryRun, new Progress(reports.Add), TestContext.Current.CancellationToken));
            Assert.True(outcome.Succeeded, outcome.Failure?.Detail);
            Assert.NotEmpty(reports);
            Assert.Equal(reports[^1].Looked, outcome.Value!.Single().Looked);
            return outcome.Value!.Single();
        }

        var trial = await ScanAsync(dryRun: true);
        Assert.Contains(trial.Reached, r => r.StartsWith("张**", StringComparison.Ordinal) && r.EndsWith(elder[^4..], StringComparison.Ordinal));
        Assert.DoesNotContain(trial.Reached, r => r.StartsWith("李**", StringComparison.Ordinal));
        Assert.Empty(trial.Notes);
        Assert.Equal(0, await GrantsOfAsync(elder));

        var scan = await ScanAsync(dryRun: false);
        Assert.True(scan.Granted >= 1);
        Assert.Equal(1, await GrantsOfAsync(elder));
        Assert.Equal(0, await GrantsOfAsync(younger));
        var grant = await app.WithDbAsync(db => db.BenefitGrants.AsNoTracking().SingleAsync(g => g.SubjectHash == keys.Of(OneWindow.DataSharing.DataSubjectKind.Resident, elder)));
        Assert.Equal("ELDERLY-ALLOWANCE", grant.ItemCode);
        Assert.Equal("张秀英", grant.Fields["applicantName"]);
        Assert.Equal("86", grant.Explanation[0].Seen);

        var again = await ScanAsync(dryRun: false);
        Assert.Equal(0, again.Granted);
        Assert.True(again.AlreadyGranted >= 1);
        Assert.Equal(1, await GrantsOfAsync(elder));
    }

    /// <summary>Collects reports in order, on the reporting thread.</summary>
    private sealed class Progress(Action<ScanBenefits.Progress> report) : IProgress<ScanBenefits.Progress>
    {
        public void Report(ScanBenefits.Progress value) => report(value);
    }
}

public sealed class BenefitsWithoutApplicationTestsOnSqlite(SqliteApp app) : BenefitsWithoutApplicationTests(app), IClassFixture<SqliteApp>;

public sealed class BenefitsWithoutApplicationTestsOnPostgres(PostgresApp app) : BenefitsWithoutApplicationTests(app), IClassFixture<PostgresApp>;
