using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Divisions;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;
using OneWindow.Formats;

namespace OneWindow.Server.Tests.Applications;

/// <summary>Submitting one form for a bundle or an item through <c>/api/cases</c>, and who may see the result.</summary>
public abstract class CaseTests(OneWindowApp app)
{
    /// <summary>A residence-certificate form; each call names another recipient, so no two are the same matter with the same answers.</summary>
    private static Dictionary<string, string> Residence() => new()
    {
        ["purpose"] = "孩子入学", ["recipient"] = $"正定县第{Random.Shared.Next(1, 1_000_000)}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned",
    };

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Dictionary<string, string>> NewbornFormAsync() =>
        SampleForms.For(await app.WithDbAsync(db => db.Bundles.AsNoTracking().Where(b => b.Code == "NEWBORN").Select(b => b.Fields).SingleAsync()));

    [Fact]
    public async Task A_single_item_becomes_a_case_with_one_task_queued_at_the_competent_unit()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var created = await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }));

        var task = Assert.Single(created.GetProperty("tasks").EnumerateArray());
        Assert.Equal("queued", task.GetProperty("state").GetString());
        Assert.Equal(DemoData.Units.Single(u => u.Key == "village").Name, task.GetProperty("unitName").GetString());
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("dueDate").ValueKind);
        Assert.Equal("in-progress", created.GetProperty("state").GetString());
        var id = created.GetProperty("id").GetString();
        Assert.Equal(id, (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("id").GetString());
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>("/api/cases")).GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Form_errors_are_named_next_to_each_field_and_nothing_is_saved()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        var form = await NewbornFormAsync();
        form.Remove("childName");
        form["motherIdNumber"] = "130123198806121239";

        var response = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form });
        var unknown = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NO-SUCH-BUNDLE", divisionCode = DemoData.VillageCode, fields = form });
        var both = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = form });
        var township = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = "130123100000", fields = form });

        var problem = await ProblemAssert.HasFieldErrorAsync(response, "fields.childName");
        Assert.True(problem.GetProperty("errors").TryGetProperty("fields.motherIdNumber", out _));
        await ProblemAssert.HasFieldErrorAsync(unknown, "bundleCode");
        await ProblemAssert.HasFieldErrorAsync(both, "bundleCode");
        // Each wrong division is told at its own level: a township is one level too high, not "not a village code".
        var atTownship = (await ProblemAssert.HasFieldErrorAsync(township, "divisionCode")).GetProperty("errors").GetProperty("divisionCode")[0].GetString();
        Assert.Equal("正定镇（130123100000）是乡镇（街道）级行政区划，请选择事项所属的、它下面的村（社区）", atTownship);
        var nowhere = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = "130123100999", fields = form });
        Assert.Equal("没有代码为 130123100999 的村（社区），请按国家行政区划代码核对", (await ProblemAssert.HasFieldErrorAsync(nowhere, "divisionCode")).GetProperty("errors").GetProperty("divisionCode")[0].GetString());
        var malformed = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = "13012310020", fields = form });
        Assert.Equal("应为事项所属村（社区）的 12 位行政区划代码", (await ProblemAssert.HasFieldErrorAsync(malformed, "divisionCode")).GetProperty("errors").GetProperty("divisionCode")[0].GetString());
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task A_bundle_some_of_whose_departments_have_no_unit_is_refused_naming_each_and_runs_once_they_exist()
    {
        // 藁城区廉州镇西城街社区: the demo data has units in 正定县 only, and the city's and province's.
        const string village = "130109100013", township = "130109100000", county = "130109000000";
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var form = await NewbornFormAsync();
        var missing = new[] { "BANK-ACCOUNT-NEWBORN", "BIRTH-MEDICAL-CERT", "HOUSEHOLD-REG-BIRTH", "MEDICAL-INSURANCE-ENROL", "SOCIAL-SECURITY-CARD", "VACCINATION-CERT" };
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());

        var refused = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = village, fields = form });

        // Only this test adds units in 藁城区, once for its class's database.
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(missing, problem.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("itemCode").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(township, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
        await AddUnitsAsync(
            ("藁城区卫生健康局", DepartmentKind.Health, county),
            ("藁城区廉州镇卫生院", DepartmentKind.Health, township),
            ("石家庄市公安局藁城分局廉州派出所", DepartmentKind.Police, township),
            ("藁城区医疗保障局", DepartmentKind.MedicalInsurance, county),
            ("藁城区人力资源和社会保障局", DepartmentKind.HumanResourcesSocialSecurity, county),
            ("河北藁城农村商业银行", DepartmentKind.Bank, county));

        var created = await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = village, fields = form }));

        var tasks = created.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("itemCode").GetString()!, t => t.GetProperty("state").GetString());
        Assert.Equal(7, tasks.Count);
        Assert.Equal("queued", tasks["BIRTH-MEDICAL-CERT"]);
        Assert.Equal("queued", tasks["VACCINATION-CERT"]);
        Assert.Equal(5, tasks.Values.Count(s => s == "waiting"));
        Assert.Equal("新生儿出生一件事", created.GetProperty("name").GetString());
        Assert.Contains("石家庄市公安局藁城分局廉州派出所", created.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("河北省医疗保障局", created.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task A_village_added_after_a_submission_refused_it_is_known_to_the_next_submission()
    {
        // Divisions are kept in memory between submissions, the "no such village" answers too: a write ends that.
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        const string here = "130123100291", elsewhere = "130123100292"; // not in the national codes: added by this test only
        var form = await NewbornFormAsync();
        object Newborn(string village) => new { bundleCode = "NEWBORN", divisionCode = village, fields = new Dictionary<string, string>(form) { ["childName"] = "王新" + village[^1] } };
        foreach (var village in new[] { here, elsewhere })
        {
            await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync("/api/cases", Newborn(village)), "divisionCode");
        }
        static Division Village(string code) => new() { Code = code, Name = "测试新村" + code[^1], Level = DivisionLevel.Village, ParentCode = "130123100000" };

        await app.WithDbAsync(db => { db.Divisions.Add(Village(here)); return db.SaveChangesAsync(); });
        await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", Newborn(here)));

        // Added by another process (an import through the CLI): PostgreSQL tells this one at once; on SQLite Caches:TrustFor (5 s) bounds it.
        await using (var other = app.CoreServices(app.ConnectionString))
        await using (var scope = other.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            db.Divisions.Add(Village(elsewhere));
            await db.SaveChangesAsync();
        }
        var bound = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage response;
        while ((response = await resident.PostAsJsonAsync("/api/cases", Newborn(elsewhere))).StatusCode != HttpStatusCode.Created
            && bound.Elapsed < (app.Provider == "postgres" ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(8)))
        {
            await Task.Delay(100);
        }
        await CreatedAsync(response);
    }

    [Fact]
    public async Task The_same_child_filed_by_both_parents_is_one_case_and_the_other_parent_is_not_told_whose()
    {
        using var mother = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var father = await app.NewResidentAsync();
        var form = await NewbornFormAsync();
        form["childName"] = "李安然";

        var first = await CreatedAsync(await mother.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form }));
        // The father types the same child with other answers elsewhere (another hospital spelling, another phone).
        var fathers = new Dictionary<string, string>(form) { ["birthHospital"] = "正定县人民医院产科", ["phone"] = "13912345678" };
        var second = await father.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = fathers });
        var mothersAgain = await mother.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = fathers });
        var twin = new Dictionary<string, string>(form) { ["childName"] = "李安宁" };
        var twinCase = await father.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = twin });

        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        Assert.False(problem.TryGetProperty("existingCaseId", out _));
        Assert.DoesNotContain(first.GetProperty("id").GetString()!, problem.ToString(), StringComparison.Ordinal);
        var own = await ProblemAssert.IsProblemAsync(mothersAgain, HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("id").GetString(), own.GetProperty("existingCaseId").GetString());
        await CreatedAsync(twinCase);
    }

    [Fact]
    public async Task Both_parents_filing_the_same_child_at_the_same_moment_make_one_case()
    {
        using var mother = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var father = await app.NewResidentAsync();
        var form = await NewbornFormAsync();
        form["childName"] = $"王{(char)Random.Shared.Next(0x4E00, 0x4E00 + 2000)}{(char)Random.Shared.Next(0x4E00, 0x4E00 + 2000)}";
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? mother : father).PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Submissions_saved_together_each_get_their_own_answer_and_a_repeat_among_them_takes_no_other_down()
    {
        // Submissions of the same moment commit in one transaction; the child filed twice fails that transaction,
        // and every other case must still be saved whole, once.
        using var parent = await app.NewResidentAsync();
        var form = await NewbornFormAsync();
        var names = Enumerable.Range(0, 11).Select(i => $"王{(char)Random.Shared.Next(0x4E00, 0x4E00 + 2000)}{(char)(0x4E00 + 2001 + i)}").ToList();
        names.Add(names[0]);
        var tasksBefore = await app.WithDbAsync(db => db.ApplicationTasks.CountAsync());

        var answers = await Task.WhenAll(names.Select(name =>
            parent.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = new Dictionary<string, string>(form) { ["childName"] = name } })));

        Assert.Equal(11, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        await ProblemAssert.IsProblemAsync(Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created), HttpStatusCode.Conflict);
        var ids = new List<Guid>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
        {
            ids.Add(Guid.Parse((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
        }
        var saved = await app.WithDbAsync(db => db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync());
        Assert.Equal(11, saved.Count);
        Assert.All(saved, c => Assert.Equal(7, c.Tasks.Count));
        Assert.Equal(11, saved.Select(c => c.Form["childName"]).Distinct().Count());
        Assert.Equal(tasksBefore + 77, await app.WithDbAsync(db => db.ApplicationTasks.CountAsync()));
    }

    [Fact]
    public async Task A_clerk_files_a_case_for_a_resident_whose_name_matches_and_both_are_recorded()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");

        var filed = await CreatedAsync(await clerk.PostAsJsonAsync("/api/cases", new
        {
            itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence(), applicantIdNumber = DemoData.ResidentIdNumber, applicantName = DemoData.ResidentName,
        }));

        var id = filed.GetProperty("id").GetString();
        Assert.Equal("counter", filed.GetProperty("channel").GetString());
        Assert.Equal(DemoData.Staff.Single(s => s.UserName == "village-clerk").RealName, filed.GetProperty("filedBy").GetString());
        var seen = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        Assert.Equal("李娜", seen.GetProperty("filedBy").GetString());
        var stored = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id!)));
        var accounts = await app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == "village-clerk" || u.UserName == DemoData.ResidentIdNumber).ToDictionaryAsync(u => u.UserName!, u => u.Id));
        Assert.Equal(accounts[DemoData.ResidentIdNumber], stored.ApplicantId);
        Assert.Equal(accounts["village-clerk"], stored.FiledById);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/cases/{id}")).StatusCode); // the filer follows what they filed
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/cases/{id}")).StatusCode);
    }

    [Fact]
    public async Task Proxy_filing_says_only_match_or_no_match_stays_in_the_clerks_division_and_is_for_clerks()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        object Body(string idNumber, string name, string division = DemoData.VillageCode) =>
            new { itemCode = "CERT-RESIDENCE", divisionCode = division, fields = Residence(), applicantIdNumber = idNumber, applicantName = name };

        var wrongName = await clerk.PostAsJsonAsync("/api/cases", Body(DemoData.ResidentIdNumber, "张秀英"));
        var unknownNumber = await clerk.PostAsJsonAsync("/api/cases", Body("110105194912310029", DemoData.ResidentName));
        var elsewhere = await clerk.PostAsJsonAsync("/api/cases", Body(DemoData.ResidentIdNumber, DemoData.ResidentName, "130109100013"));
        var notAClerk = await reviewer.PostAsJsonAsync("/api/cases", Body(DemoData.ResidentIdNumber, DemoData.ResidentName));
        var residentForOther = await resident.PostAsJsonAsync("/api/cases", Body("110105194912310029", "某人"));

        var a = (await ProblemAssert.HasFieldErrorAsync(wrongName, "applicantName")).GetProperty("errors").GetProperty("applicantName")[0].GetString();
        var b = (await ProblemAssert.HasFieldErrorAsync(unknownNumber, "applicantName")).GetProperty("errors").GetProperty("applicantName")[0].GetString();
        Assert.Equal(a, b);
        Assert.DoesNotContain(DemoData.ResidentName, await wrongName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(elsewhere, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(notAClerk, HttpStatusCode.Forbidden);
        await ProblemAssert.HasFieldErrorAsync(residentForOther, "applicantIdNumber");
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Only_the_applicant_and_staff_of_a_unit_with_a_task_see_a_case()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var villageClerk = await app.SignedInAsync("village-clerk");
        using var countyPolice = await app.SignedInAsync("county-police-admin");
        using var other = await app.NewResidentAsync();
        using var anonymous = app.Client();
        var id = (await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }))).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await villageClerk.GetAsync($"/api/cases/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await countyPolice.GetAsync($"/api/cases/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/cases/{id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/cases")).GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE" })).StatusCode);
        await ProblemAssert.HasFieldErrorAsync(await villageClerk.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }), "applicantIdNumber");
        await ProblemAssert.IsProblemAsync(await countyPolice.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }), HttpStatusCode.Forbidden);
        await ProblemAssert.HasFieldErrorAsync(await resident.GetAsync("/api/cases?pageSize=100000"), "pageSize");
    }

    private async Task<(string Case, string Task)> ResidenceCaseAsync(HttpClient resident)
    {
        var created = await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }));
        return (created.GetProperty("id").GetString()!, created.GetProperty("tasks")[0].GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Staff_accept_ask_for_a_supplement_the_applicant_answers_and_a_reviewer_approves_with_a_result()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var clerk = await app.SignedInAsync("village-clerk");
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (id, task) = await ResidenceCaseAsync(resident);
        var url = $"/api/cases/{id}/tasks/{task}";

        Assert.Equal("accepted", (await OkAsync(await clerk.PostAsync($"{url}/accept", null))).GetProperty("tasks")[0].GetProperty("state").GetString());
        await ProblemAssert.HasFieldErrorAsync(await clerk.PostAsJsonAsync($"{url}/supplement", new { fields = new[] { "shoeSize" }, note = "补充" }), "fields");
        var asked = (await OkAsync(await clerk.PostAsJsonAsync($"{url}/supplement", new { fields = new[] { "address" }, note = "门牌号与户籍不一致" }))).GetProperty("tasks")[0];
        Assert.Equal("supplement-requested", asked.GetProperty("state").GetString());
        Assert.Equal(["address"], asked.GetProperty("supplementFields").EnumerateArray().Select(f => f.GetString()));
        await ProblemAssert.IsProblemAsync(await reviewer.PostAsJsonAsync($"{url}/decision", new { approve = true }), HttpStatusCode.Conflict);

        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync($"{url}/answer", new { fields = new { purpose = "改用途" } }), "fields.purpose");
        await ProblemAssert.HasFieldErrorAsync(await resident.PostAsJsonAsync($"{url}/answer", new { fields = new { } }), "fields.address");
        Assert.Equal("accepted", (await OkAsync(await resident.PostAsJsonAsync($"{url}/answer", new { fields = new { address = "正定镇西关村3组14号" } }))).GetProperty("tasks")[0].GetProperty("state").GetString());

        await ProblemAssert.HasFieldErrorAsync(await reviewer.PostAsJsonAsync($"{url}/decision", new { approve = true, result = new Dictionary<string, string> { ["Bad Name"] = "x" } }), "result");
        var done = await OkAsync(await reviewer.PostAsJsonAsync($"{url}/decision", new { approve = true, result = new { certificateNumber = "JZ2026-0001" } }));
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal("JZ2026-0001", done.GetProperty("tasks")[0].GetProperty("result").GetProperty("certificateNumber").GetString());
        var kinds = (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["submitted", "queued", "accepted", "supplement-requested", "supplement-answered", "approved", "completed"], kinds);
    }

    [Fact]
    public async Task Only_the_competent_units_staff_act_on_a_task_and_only_its_reviewers_decide()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var clerk = await app.SignedInAsync("village-clerk");
        using var police = await app.SignedInAsync("police-reviewer");
        using var other = await app.NewResidentAsync();
        var (id, task) = await ResidenceCaseAsync(resident);
        var url = $"/api/cases/{id}/tasks/{task}";

        await ProblemAssert.IsProblemAsync(await police.PostAsync($"{url}/accept", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await police.PostAsJsonAsync($"{url}/decision", new { approve = true }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await resident.PostAsync($"{url}/accept", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await clerk.PostAsJsonAsync($"{url}/decision", new { approve = true }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.PostAsJsonAsync($"{url}/answer", new { fields = new { address = "x" } }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await clerk.PostAsync($"/api/cases/{id}/tasks/{Guid.NewGuid()}/accept", null), HttpStatusCode.NotFound);
        Assert.Equal("queued", (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("tasks")[0].GetProperty("state").GetString());
    }

    public static TheoryData<string, string, int> TaskActionMatrix()
    {
        // Who may act on a task of the village committee, written out apart from the code: its clerks and
        // reviewers handle it, only reviewers decide, only the applicant answers; the unit's admin (no
        // handling role) is refused with 403; every other unit — the one above included — and the platform
        // admin learn nothing (404). Requests fail after authorization (409/400), so nothing changes. A
        // handover is for the handling unit's clerks and reviewers too (409 here: nothing approved to hand over).
        var callers = new Dictionary<string, (int Accept, int Supplement, int Decision, int Answer, int Handover)>
        {
            ["village-clerk"] = (409, 400, 403, 404, 409),
            ["village-reviewer"] = (409, 400, 400, 404, 409),
            ["village-admin"] = (403, 403, 403, 404, 403),
            ["township-admin"] = (404, 404, 404, 404, 404),
            ["police-reviewer"] = (404, 404, 404, 404, 404),
            ["county-police-admin"] = (404, 404, 404, 404, 404),
            ["admin"] = (404, 404, 404, 404, 404),
            [DemoData.ResidentIdNumber] = (404, 404, 404, 409, 404),
        };
        var data = new TheoryData<string, string, int>();
        foreach (var (caller, (accept, supplement, decision, answer, handover)) in callers)
        {
            data.Add("accept", caller, accept);
            data.Add("supplement", caller, supplement);
            data.Add("decision", caller, decision);
            data.Add("answer", caller, answer);
            data.Add("handover", caller, handover);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TaskActionMatrix))]
    public async Task Task_actions_are_allowed_by_unit_and_role_only(string action, string caller, int expected)
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var clerk = await app.SignedInAsync("village-clerk");
        var (id, task) = await ResidenceCaseAsync(resident);
        await OkAsync(await clerk.PostAsync($"/api/cases/{id}/tasks/{task}/accept", null)); // accepted: a second accept is a 409
        using var client = await app.SignedInAsync(caller);
        var url = $"/api/cases/{id}/tasks/{task}/{action}";

        var response = action switch
        {
            "accept" => await client.PostAsync(url, null),
            "supplement" => await client.PostAsJsonAsync(url, new { fields = new[] { "address" }, note = "" }),
            "decision" => await client.PostAsJsonAsync(url, new { approve = false, reason = "" }),
            "handover" => await client.PostAsJsonAsync(url, new { step = "ready-for-collection" }),
            _ => await client.PostAsJsonAsync(url, new { fields = new { address = "正定镇西关村3组14号" } }),
        };

        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)expected);
        var state = (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("tasks")[0].GetProperty("state").GetString();
        Assert.Equal("accepted", state);
    }

    [Fact]
    public async Task Two_staff_accepting_or_asking_for_a_supplement_at_once_one_wins_the_other_gets_409()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var clerk = await app.SignedInAsync("village-clerk");
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (id, task) = await ResidenceCaseAsync(resident);
        var url = $"/api/cases/{id}/tasks/{task}";

        var accepts = await Task.WhenAll(clerk.PostAsync($"{url}/accept", null), reviewer.PostAsync($"{url}/accept", null), clerk.PostAsync($"{url}/accept", null));
        var supplements = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? clerk : reviewer).PostAsJsonAsync($"{url}/supplement", new { fields = new[] { "address" }, note = $"第{i}次补正" })));

        Assert.Single(accepts, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(accepts.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(supplements, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(supplements.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var history = (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(1, history.Count(k => k == "accepted"));
        Assert.Equal(1, history.Count(k => k == "supplement-requested"));
    }

    [Fact]
    public async Task Of_eight_simultaneous_decisions_on_one_task_exactly_one_is_saved()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (id, task) = await ResidenceCaseAsync(resident);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => reviewer.PostAsJsonAsync($"/api/cases/{id}/tasks/{task}/decision",
            i % 2 == 0 ? new { approve = true, result = (object)new { certificateNumber = $"JZ-{i}" }, reason = (string?)null } : new { approve = false, result = (object)new { }, reason = (string?)"材料不实" })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        // Task decisions name their item; the case's own closing event ("refused" when nothing was approved) does not.
        var decisions = stored.GetProperty("history").EnumerateArray().Count(e => e.TryGetProperty("itemCode", out _) && e.GetProperty("kind").GetString() is "approved" or "refused");
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task Submitting_again_with_the_same_idempotency_key_returns_the_first_case_even_at_the_same_moment()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var key = $"retry-{Guid.NewGuid():N}";
        var form = Residence();
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        HttpRequestMessage Submission(string idempotencyKey, string purpose = "孩子入学")
        {
            var fields = new Dictionary<string, string>(form) { ["purpose"] = purpose };
            return new HttpRequestMessage(HttpMethod.Post, "/api/cases")
            {
                Content = JsonContent.Create(new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields }),
                Headers = { { "Idempotency-Key", idempotencyKey } },
            };
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => resident.SendAsync(Submission(key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(5, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Applications.CountAsync()));
        var later = await resident.SendAsync(Submission(key));
        Assert.Equal(ids[0], (await CreatedAsync(later)).GetProperty("id").GetString());
        // The key of another submission (another item), and a malformed key, are refused; a new key makes a new case.
        var other = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = await NewbornFormAsync() }), Headers = { { "Idempotency-Key", key } } };
        await ProblemAssert.IsProblemAsync(await resident.SendAsync(other), HttpStatusCode.Conflict);
        await ProblemAssert.HasFieldErrorAsync(await resident.SendAsync(Submission(new string('k', 101))), "Idempotency-Key");
        Assert.NotEqual(ids[0], (await CreatedAsync(await resident.SendAsync(Submission($"retry-{Guid.NewGuid():N}", "办理落户")))).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_units_queue_lists_its_open_tasks_soonest_due_first_with_filters_and_counts()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var clerk = await app.SignedInAsync("village-clerk");
        using var police = await app.SignedInAsync("police-reviewer");
        var (first, firstTask) = await ResidenceCaseAsync(resident);
        var (second, _) = await ResidenceCaseAsync(resident);
        await OkAsync(await clerk.PostAsync($"/api/cases/{first}/tasks/{firstTask}/accept", null));

        var queue = await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=200");
        var rows = queue.GetProperty("tasks").GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("caseId").GetString() == first && r.GetProperty("state").GetString() == "accepted");
        Assert.Contains(rows, r => r.GetProperty("caseId").GetString() == second && r.GetProperty("state").GetString() == "queued");
        Assert.Equal(DemoData.ResidentName, rows.First(r => r.GetProperty("caseId").GetString() == second).GetProperty("applicantName").GetString());
        Assert.Equal("居住证明", rows.First(r => r.GetProperty("caseId").GetString() == second).GetProperty("itemName").GetString());
        var dueDates = rows.Select(r => r.GetProperty("dueDate").GetString()).ToList();
        Assert.Equal(dueDates.Order(StringComparer.Ordinal), dueDates);
        Assert.True(queue.GetProperty("counts").GetProperty("queued").GetInt32() >= 1);
        Assert.True(queue.GetProperty("counts").GetProperty("accepted").GetInt32() >= 1);

        var accepted = await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?state=accepted");
        Assert.All(accepted.GetProperty("tasks").GetProperty("items").EnumerateArray(), r => Assert.Equal("accepted", r.GetProperty("state").GetString()));
        var soon = await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?due=soon");
        Assert.All(soon.GetProperty("tasks").GetProperty("items").EnumerateArray(), r => Assert.True(r.GetProperty("dueSoon").GetBoolean()));
        await ProblemAssert.HasFieldErrorAsync(await clerk.GetAsync("/api/tasks?state=lost"), "state");
        await ProblemAssert.HasFieldErrorAsync(await clerk.GetAsync("/api/tasks?due=yesterday"), "due");
        Assert.DoesNotContain((await police.GetFromJsonAsync<JsonElement>("/api/tasks")).GetProperty("tasks").GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == second);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/tasks")).StatusCode);

        // The channel filter: a case the clerk filed at the counter, against the resident's own online one.
        var atCounter = (await CreatedAsync(await clerk.PostAsJsonAsync("/api/cases", new
        {
            itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence(), applicantIdNumber = DemoData.ResidentIdNumber, applicantName = DemoData.ResidentName,
        }))).GetProperty("id").GetString();
        var counter = (await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?channel=counter&pageSize=200")).GetProperty("tasks");
        var web = (await clerk.GetFromJsonAsync<JsonElement>("/api/tasks?channel=web&pageSize=200")).GetProperty("tasks");
        Assert.Contains(counter.GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == atCounter);
        Assert.All(counter.GetProperty("items").EnumerateArray(), r => Assert.Equal("counter", r.GetProperty("channel").GetString()));
        Assert.DoesNotContain(counter.GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == second);
        Assert.Contains(web.GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == second);
        Assert.Equal(counter.GetProperty("items").GetArrayLength(), counter.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_same_matter_with_the_same_answers_still_in_progress_is_shown_instead_of_made_twice()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var form = Residence();
        var first = await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = form }));

        var again = await ProblemAssert.IsProblemAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = form }), HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("existingCaseId").GetString());
        // Six identical submissions at the same moment: one case, five answers pointing at it.
        var burstForm = Residence();
        var burst = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = burstForm })));
        Assert.Single(burst, r => r.StatusCode == HttpStatusCode.Created);
        var made = (await burst.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        foreach (var loser in burst.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(made, (await ProblemAssert.IsProblemAsync(loser, HttpStatusCode.Conflict)).GetProperty("existingCaseId").GetString());
        }
        // Other answers are another matter; once the first is finished, the same answers may be submitted again.
        await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new Dictionary<string, string>(form) { ["purpose"] = "办理落户" } }));
        var task = first.GetProperty("tasks")[0].GetProperty("id").GetString();
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/cases/{first.GetProperty("id").GetString()}/tasks/{task}/decision", new { approve = true, result = new { certificateNumber = "JZ-1" } }));
        await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = form }));
    }

    [Fact]
    public async Task An_overdue_task_is_escalated_once_to_the_supervising_unit_which_then_sees_it()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var township = await app.SignedInAsync("township-admin");
        using var police = await app.SignedInAsync("police-reviewer");
        var created = await CreatedAsync(await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() }));
        var id = created.GetProperty("id").GetString()!;
        var due = DateOnly.Parse(created.GetProperty("tasks")[0].GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var later = new DateTimeOffset(due.AddDays(3).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

        // Not yet overdue on its due date; then two sweeps (two server processes) at the same moment.
        await app.WithDbAsync(db => EscalateOverdueTasks.RunAsync(db, later, due, TestContext.Current.CancellationToken));
        Assert.DoesNotContain((await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "escalated");
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.WithDbAsync(db => EscalateOverdueTasks.RunAsync(db, later, due.AddDays(3), TestContext.Current.CancellationToken))));
        await app.WithDbAsync(db => EscalateOverdueTasks.RunAsync(db, later, due.AddDays(4), TestContext.Current.CancellationToken));

        var history = (await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("history").EnumerateArray();
        Assert.Single(history, e => e.GetProperty("kind").GetString() == "escalated");
        var queue = await township.GetFromJsonAsync<JsonElement>("/api/tasks?escalated=true&pageSize=200");
        Assert.Contains(queue.GetProperty("tasks").GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == id && r.TryGetProperty("escalatedAt", out _));
        Assert.Equal(HttpStatusCode.OK, (await township.GetAsync($"/api/cases/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await police.GetAsync($"/api/cases/{id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await township.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=200")).GetProperty("tasks").GetProperty("items").EnumerateArray(), r => r.GetProperty("caseId").GetString() == id);
    }


    private Task AddUnitsAsync(params (string Name, DepartmentKind Department, string Division)[] units) =>
        app.WithDbAsync(async db =>
        {
            var serial = 100;
            foreach (var (name, department, division) in units)
            {
                var body = $"12130123MB{serial++:D7}";
                db.Units.Add(new Unit { Name = name, Kind = UnitKind.DepartmentOffice, Department = department, DivisionCode = division, CreditCode = body + UnifiedSocialCreditCode.CheckCharacter(body) });
            }
            return await db.SaveChangesAsync();
        });
}

public sealed class CaseTestsOnSqlite(SqliteApp app) : CaseTests(app), IClassFixture<SqliteApp>;

public sealed class CaseTestsOnPostgres(PostgresApp app) : CaseTests(app), IClassFixture<PostgresApp>;
