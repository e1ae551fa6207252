using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.DataSharing;

/// <summary>
/// Shared data between departments: only the owner department writes an item's records (checked against its
/// JSON Schema, one version per write); anyone else reads only under an approved, unexpired grant for their
/// unit, purpose and fields, gets only those fields, and every write and read is in the ledger under the
/// subject's keyed hash — never the identity number. The person sees who read their data in their data log.
/// </summary>
public abstract class SharedDataTests(OneWindowApp app)
{
    private const string Household = "police.household";
    /// <summary>Each test's own purpose (a new instance per test): grants made by other tests of the same app do not cover its reads.</summary>
    private readonly string Purpose = $"出生登记核验父母户籍 {Guid.NewGuid():N}";

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private static object HouseholdRecord(string id) => new
    {
        name = "刘晓梅", idNumber = id, householdNumber = "130123001234", relationToHead = "配偶", address = "正定镇西关村3组12号", divisionCode = "130123100001",
    };

    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, string subject, object data, string item = Household) =>
        client.PutAsJsonAsync($"/api/data/items/{item}/records", new { subject, data });

    private Task<HttpResponseMessage> ReadAsync(HttpClient client, string subject, string? purpose = null, string[]? fields = null) =>
        client.PostAsJsonAsync($"/api/data/items/{Household}/reads", new { subject, purpose = purpose ?? Purpose, fields });

    private async Task<Guid> UnitIdAsync(string name) => await app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    /// <summary>A grant for the county health bureau, asked for by the platform admin and decided by the county police's admin.</summary>
    private async Task<Guid> GrantAsync(string[] fields, DateTimeOffset expiresAt, bool approve = true, string? purpose = null)
    {
        purpose ??= Purpose;
        using var admin = await app.SignedInAsync("admin");
        var asked = await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Household, consumerUnitId = await UnitIdAsync("正定县卫生健康局"), fields, purpose, expiresAt });
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        var grant = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("requested", grant.GetProperty("state").GetString());
        Assert.Equal("正定县卫生健康局", grant.GetProperty("consumerUnit").GetString());
        var id = grant.GetProperty("id").GetGuid();
        if (approve)
        {
            using var owner = await app.SignedInAsync("county-police-admin");
            var decided = await owner.PostAsJsonAsync($"/api/data/grants/{id}/decision", new { approve = true });
            Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
            Assert.Equal("approved", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        }
        return id;
    }

    [Fact]
    public async Task Only_the_owner_department_writes_and_each_write_is_the_next_version()
    {
        using var police = await app.SignedInAsync("police-reviewer");
        using var health = await app.SignedInAsync("health-reviewer");
        var id = OneWindowApp.NewIdNumber();

        var first = await WriteAsync(police, id, HouseholdRecord(id));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var second = await WriteAsync(police, id, HouseholdRecord(id));
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        await ProblemAssert.IsProblemAsync(await WriteAsync(health, id, HouseholdRecord(id)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await WriteAsync(police, id, HouseholdRecord(id), item: "police.nothing"), HttpStatusCode.NotFound);
        await ProblemAssert.HasFieldErrorAsync(await WriteAsync(police, "130123199001011234", HouseholdRecord(id)), "subject");
        await ProblemAssert.HasFieldErrorAsync(await WriteAsync(police, id, new { name = "刘晓梅", idNumber = "12345", householdNumber = "130123001234", address = "x", divisionCode = "130123100001" }), "data.idNumber");
        await ProblemAssert.HasFieldErrorAsync(await WriteAsync(police, id, new { name = "刘晓梅" }), "data");
        await ProblemAssert.HasFieldErrorAsync(await WriteAsync(police, id, new { name = "刘晓梅", idNumber = id, householdNumber = "130123001234", address = "x", divisionCode = "130123100001", religion = "x" }), "data.religion");
        await ProblemAssert.HasFieldErrorAsync(await police.PutAsJsonAsync($"/api/data/items/{Household}/records", new { subject = id, data = "a string" }), "data");

        Assert.Equal(2, await app.WithDbAsync(db => db.SharedDataRecords.CountAsync(r => r.ItemCode == Household && r.Data.Contains(id))));
        await app.LedgerDrainedAsync();
        var subjects = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Type == "data.written").Select(e => e.Subject).ToListAsync());
        Assert.True(subjects.Count >= 2);
        Assert.DoesNotContain(subjects, s => s.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_needs_an_approved_grant_for_the_unit_purpose_and_fields_and_the_person_sees_it_in_their_log()
    {
        var (resident, id) = await RegisterAsync();
        using (resident)
        {
            using var police = await app.SignedInAsync("police-reviewer");
            using var health = await app.SignedInAsync("health-reviewer");
            Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, id, HouseholdRecord(id))).StatusCode);

            var none = await ProblemAssert.IsProblemAsync(await ReadAsync(health, id), HttpStatusCode.Forbidden);
            Assert.Contains("授权", none.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var grant = await GrantAsync(["name", "householdNumber"], Now.AddDays(30).ToOffset(TimeSpan.FromHours(8))); // as sent from China: +08:00

            var read = await ReadAsync(health, id);
            Assert.True(read.StatusCode == HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
            var data = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            Assert.Equal("刘晓梅", data.GetProperty("name").GetString());
            Assert.Equal("130123001234", data.GetProperty("householdNumber").GetString());
            Assert.False(data.TryGetProperty("address", out _)); // not granted
            Assert.False(data.TryGetProperty("idNumber", out _));

            var otherPurpose = await ProblemAssert.IsProblemAsync(await ReadAsync(health, id, "随便看看"), HttpStatusCode.Forbidden);
            Assert.Contains("用途", otherPurpose.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var outside = await ProblemAssert.IsProblemAsync(await ReadAsync(health, id, fields: ["address"]), HttpStatusCode.Forbidden);
            Assert.Contains("address", outside.GetProperty("detail").GetString(), StringComparison.Ordinal);
            using var village = await app.SignedInAsync("village-clerk");
            await ProblemAssert.IsProblemAsync(await ReadAsync(village, id), HttpStatusCode.Forbidden); // another unit: its own grants only
            await ProblemAssert.IsProblemAsync(await ReadAsync(resident, id), HttpStatusCode.Forbidden);

            // The person sees exactly the one granted read: who, what, why, and its ledger leaf.
            var log = await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken);
            Assert.Equal(1, log.GetProperty("total").GetInt32());
            var entry = log.GetProperty("items")[0];
            Assert.Equal("正定县卫生健康局", entry.GetProperty("reader").GetString());
            Assert.Equal("户籍信息", entry.GetProperty("itemName").GetString());
            Assert.Equal(Purpose, entry.GetProperty("purpose").GetString());
            Assert.Equal(grant, entry.GetProperty("grantId").GetGuid());
            Assert.Equal(["姓名", "户号"], entry.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
            var page = await resident.GetStringAsync("/DataLog", TestContext.Current.CancellationToken); // the same on the person's page
            Assert.Contains("正定县卫生健康局", page, StringComparison.Ordinal);
            Assert.Contains(Purpose, page, StringComparison.Ordinal);
            Assert.Contains("姓名、户号", page, StringComparison.Ordinal);
            Assert.DoesNotContain(id, page, StringComparison.Ordinal);
            await app.LedgerDrainedAsync();
            var leaf = Convert.FromBase64String(entry.GetProperty("ledgerLeafHash").GetString()!);
            var logged = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.LeafHash == leaf));
            Assert.Equal("data.read", logged.Type);
            Assert.DoesNotContain(id, logged.Subject, StringComparison.Ordinal);

            // Revoked at once by the owner: the next read is refused and nothing more is logged.
            using var owner = await app.SignedInAsync("county-police-admin");
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/data/grants/{grant}/revoke", new { note = "核验已完成" })).StatusCode);
            var revoked = await ProblemAssert.IsProblemAsync(await ReadAsync(health, id), HttpStatusCode.Forbidden);
            Assert.Contains("已撤销", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, (await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task Simultaneous_reads_are_each_recorded_once_with_their_own_ledger_entry()
    {
        var (resident, id) = await RegisterAsync();
        using (resident)
        {
            using var police = await app.SignedInAsync("police-reviewer");
            using var health = await app.SignedInAsync("health-reviewer");
            Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, id, HouseholdRecord(id))).StatusCode);
            await GrantAsync(["name"], Now.AddDays(1));

            var reads = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => ReadAsync(health, id)));

            Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var log = await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log?pageSize=100", TestContext.Current.CancellationToken);
            Assert.Equal(24, log.GetProperty("total").GetInt32());
            var leaves = log.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("ledgerLeafHash").GetString()!).ToList();
            Assert.Equal(24, leaves.Distinct().Count()); // each read its own entry (its time, grant and purpose are in it)

            // Eight batch reads at once: each is eight more reads, each recorded once with its own entry.
            var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => health.PostAsJsonAsync($"/api/data/items/{Household}/reads/batch", new { subjects = new[] { id }, purpose = Purpose })));
            Assert.All(batches, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var after = await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log?pageSize=100", TestContext.Current.CancellationToken);
            Assert.Equal(32, after.GetProperty("total").GetInt32());
            Assert.Equal(32, after.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("ledgerLeafHash").GetString()).Distinct().Count());
            await app.LedgerDrainedAsync();
            foreach (var leaf in leaves.Select(Convert.FromBase64String))
            {
                Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == leaf)));
            }
        }
    }

    [Fact]
    public async Task A_batch_read_is_one_read_per_subject_on_record_each_in_its_persons_log_and_the_ledger()
    {
        var (first, firstId) = await RegisterAsync();
        var (second, secondId) = await RegisterAsync();
        using (first)
        using (second)
        {
            using var police = await app.SignedInAsync("police-reviewer");
            using var health = await app.SignedInAsync("health-reviewer");
            Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, firstId, HouseholdRecord(firstId))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, secondId, HouseholdRecord(secondId))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, secondId, HouseholdRecord(secondId))).StatusCode); // version 2
            var absent = OneWindowApp.NewIdNumber();
            Task<HttpResponseMessage> Batch(object body) => health.PostAsJsonAsync($"/api/data/items/{Household}/reads/batch", body);

            var ungranted = await ProblemAssert.IsProblemAsync(await Batch(new { subjects = new[] { firstId }, purpose = Purpose }), HttpStatusCode.Forbidden);
            Assert.Contains("授权", ungranted.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var grant = await GrantAsync(["name", "householdNumber"], Now.AddDays(1));

            // Bad input refuses the whole batch, by position, and reads nothing.
            await ProblemAssert.HasFieldErrorAsync(await Batch(new { subjects = new[] { firstId, "130123199001011234" }, purpose = Purpose }), "subjects[1]");
            await ProblemAssert.HasFieldErrorAsync(await Batch(new { subjects = new[] { firstId, firstId.ToLowerInvariant() }, purpose = Purpose }), "subjects[1]");
            await ProblemAssert.HasFieldErrorAsync(await Batch(new { subjects = Array.Empty<string>(), purpose = Purpose }), "subjects");
            await ProblemAssert.HasFieldErrorAsync(await Batch(new { subjects = Enumerable.Range(0, 101).Select(_ => OneWindowApp.NewIdNumber()), purpose = Purpose }), "subjects");
            await ProblemAssert.HasFieldErrorAsync(await Batch(new { subjects = new[] { firstId } }), "purpose");
            var outside = await ProblemAssert.IsProblemAsync(await Batch(new { subjects = new[] { firstId }, purpose = Purpose, fields = new[] { "address" } }), HttpStatusCode.Forbidden);
            Assert.Contains("address", outside.GetProperty("detail").GetString(), StringComparison.Ordinal);
            using var resident = await app.NewResidentAsync();
            await ProblemAssert.IsProblemAsync(await resident.PostAsJsonAsync($"/api/data/items/{Household}/reads/batch", new { subjects = new[] { firstId }, purpose = Purpose }), HttpStatusCode.Forbidden);
            Assert.Equal(0, (await first.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32());

            var read = await Batch(new { subjects = new[] { secondId, absent, firstId }, purpose = Purpose });
            Assert.True(read.StatusCode == HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
            var answer = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, answer.GetProperty("read").GetInt32());
            Assert.Equal(1, answer.GetProperty("notOnRecord").GetInt32());
            Assert.Equal(grant, answer.GetProperty("grantId").GetGuid());
            var results = answer.GetProperty("results");
            Assert.Equal([0, 1, 2], results.EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
            Assert.Equal(2, results[0].GetProperty("version").GetInt32()); // the latest version
            Assert.Equal("130123001234", results[0].GetProperty("data").GetProperty("householdNumber").GetString());
            Assert.False(results[0].GetProperty("data").TryGetProperty("address", out _));
            Assert.False(results[1].GetProperty("onRecord").GetBoolean());
            Assert.False(results[1].TryGetProperty("data", out _)); // nothing about a subject not on record
            Assert.Equal(1, results[2].GetProperty("version").GetInt32());

            // Each person sees their own read, with its own ledger entry; nobody sees the other's.
            var reads = new List<string>();
            foreach (var (person, index) in new[] { (second, 0), (first, 2) })
            {
                var log = await person.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken);
                Assert.Equal(1, log.GetProperty("total").GetInt32());
                var entry = log.GetProperty("items")[0];
                Assert.Equal(Purpose, entry.GetProperty("purpose").GetString());
                var readId = results[index].GetProperty("readId").GetGuid();
                var recorded = await app.WithDbAsync(db => db.DataReads.AsNoTracking().SingleAsync(r => r.Id == readId));
                Assert.Equal(entry.GetProperty("ledgerLeafHash").GetString(), Convert.ToBase64String(recorded.LedgerLeafHash));
                reads.Add(entry.GetProperty("ledgerLeafHash").GetString()!);
            }
            Assert.NotEqual(reads[0], reads[1]);
            await app.LedgerDrainedAsync();
            foreach (var leaf in reads.Select(Convert.FromBase64String))
            {
                var logged = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.LeafHash == leaf));
                Assert.Equal("data.read", logged.Type);
                Assert.DoesNotContain(firstId, logged.Subject, StringComparison.Ordinal);
                Assert.DoesNotContain(secondId, logged.Subject, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Registration_checks_the_name_against_the_household_registration_and_says_only_whether_it_matches()
    {
        using var police = await app.SignedInAsync("police-reviewer");
        var id = OneWindowApp.NewIdNumber();
        Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, id, HouseholdRecord(id))).StatusCode); // recorded as 刘晓梅
        using var anonymous = app.Client();

        var wrong = await anonymous.PostAsJsonAsync("/api/residents", new { realName = "王小明", idNumber = id, password = "longpass123" });
        var problem = await ProblemAssert.HasFieldErrorAsync(wrong, "realName");
        Assert.DoesNotContain("刘晓梅", problem.GetRawText(), StringComparison.Ordinal); // never what the record says
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123" })).StatusCode);
        // Not on record: the check cannot say no, and registration goes ahead.
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/residents", new { realName = "任意名", idNumber = OneWindowApp.NewIdNumber(), password = "longpass123" })).StatusCode);

        // Both checks are reads like any other, in the person's data log.
        using var resident = await app.SignedInAsync(id, "longpass123");
        var log = await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken);
        Assert.Equal(2, log.GetProperty("total").GetInt32());
        Assert.All(log.GetProperty("items").EnumerateArray(), e =>
        {
            Assert.Equal("河北省政务服务管理办公室", e.GetProperty("reader").GetString());
            Assert.Equal(OneWindow.DataSharing.RealNameCheck.Purpose, e.GetProperty("purpose").GetString());
        });
    }

    [Fact]
    public async Task Simultaneous_revocations_of_one_grant_revoke_it_once_and_the_rest_hear_its_state()
    {
        var grant = await GrantAsync(["name"], Now.AddDays(1));
        using var owner = await app.SignedInAsync("county-police-admin");
        using var consumerSide = await app.SignedInAsync("admin");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? owner : consumerSide).PostAsJsonAsync($"/api/data/grants/{grant}/revoke", new { note = "并发撤销" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal("revoked", (await ProblemAssert.IsProblemAsync(lost, HttpStatusCode.Conflict)).GetProperty("current").GetString());
        }
    }

    [Fact]
    public async Task A_grant_reads_until_it_expires_and_not_after()
    {
        using var police = await app.SignedInAsync("police-reviewer");
        using var health = await app.SignedInAsync("health-reviewer");
        var id = OneWindowApp.NewIdNumber();
        Assert.Equal(HttpStatusCode.OK, (await WriteAsync(police, id, HouseholdRecord(id))).StatusCode);
        var purpose = $"短期核验 {Guid.NewGuid():N}"; // this grant's own purpose: no other test's grant covers it
        var expires = Now.AddSeconds(3);
        await GrantAsync(["name"], expires, purpose: purpose);
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(health, id, purpose)).StatusCode);

        await Task.Delay(expires - Now + TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        var expired = await ProblemAssert.IsProblemAsync(await ReadAsync(health, id, purpose), HttpStatusCode.Forbidden);
        Assert.Contains("授权已过期", expired.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_are_asked_by_the_consumer_side_and_decided_only_by_the_owner_department_over_it()
    {
        using var health = await app.SignedInAsync("health-reviewer");
        var consumer = await UnitIdAsync("正定县卫生健康局");
        var body = new { itemCode = Household, consumerUnitId = consumer, fields = new[] { "name" }, purpose = Purpose, expiresAt = Now.AddDays(1) };
        await ProblemAssert.IsProblemAsync(await health.PostAsJsonAsync("/api/data/grants", body), HttpStatusCode.Forbidden); // a reviewer, not an admin
        using var admin = await app.SignedInAsync("admin");
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Household, consumerUnitId = consumer, fields = new[] { "religion" }, purpose = Purpose, expiresAt = Now.AddDays(1) }), "fields");
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Household, consumerUnitId = consumer, fields = new[] { "name" }, purpose = "", expiresAt = Now.AddDays(1) }), "purpose");
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Household, consumerUnitId = consumer, fields = new[] { "name" }, purpose = Purpose, expiresAt = Now.AddYears(5) }), "expiresAt");
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = "police.nothing", consumerUnitId = consumer, fields = new[] { "name" }, purpose = Purpose, expiresAt = Now.AddDays(1) }), "itemCode");

        var id = await GrantAsync(["name"], Now.AddDays(1), approve: false);
        // Not the owner department (the platform admin, another department's admin), or not over the consumer: refused.
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/data/grants/{id}/decision", new { approve = true }), HttpStatusCode.Forbidden);
        using var village = await app.SignedInAsync("village-admin");
        await ProblemAssert.IsProblemAsync(await village.PostAsJsonAsync($"/api/data/grants/{id}/decision", new { approve = true }), HttpStatusCode.NotFound);
        using var owner = await app.SignedInAsync("county-police-admin");
        await ProblemAssert.HasFieldErrorAsync(await owner.PostAsJsonAsync($"/api/data/grants/{id}/decision", new { approve = false }), "note"); // a refusal says why

        // Eight approvals at once: one wins, the others hear the state it is now in.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => owner.PostAsJsonAsync($"/api/data/grants/{id}/decision", new { approve = true })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal("approved", (await ProblemAssert.IsProblemAsync(lost, HttpStatusCode.Conflict)).GetProperty("current").GetString());
        }
        var listed = await owner.GetFromJsonAsync<JsonElement>("/api/data/grants", TestContext.Current.CancellationToken);
        Assert.Contains(listed.EnumerateArray(), g => g.GetProperty("id").GetGuid() == id && g.GetProperty("state").GetString() == "approved");
        var villageList = await village.GetFromJsonAsync<JsonElement>("/api/data/grants", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(villageList.EnumerateArray(), g => g.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Simultaneous_writes_about_one_subject_each_take_their_own_version_or_answer_409()
    {
        using var police = await app.SignedInAsync("police-reviewer");
        var id = OneWindowApp.NewIdNumber();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => WriteAsync(police, id, HouseholdRecord(id))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var versions = new List<int>();
        foreach (var ok in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            versions.Add((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        }
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Order());
        var stored = await app.WithDbAsync(db => db.SharedDataRecords.AsNoTracking().Where(r => r.Data.Contains(id)).Select(r => r.LedgerLeafHash).ToListAsync());
        Assert.Equal(versions.Count, stored.Count);
        await app.LedgerDrainedAsync();
        foreach (var leaf in stored)
        {
            Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == leaf))); // a ledger entry for each record, none for a loser
        }
    }

    [Fact]
    public async Task The_data_log_is_for_people_and_organisations_and_pages_within_bounds()
    {
        using var resident = await app.NewResidentAsync();
        await ProblemAssert.HasFieldErrorAsync(await resident.GetAsync("/api/me/data-log?page=0", TestContext.Current.CancellationToken), "page");
        await ProblemAssert.HasFieldErrorAsync(await resident.GetAsync("/api/me/data-log?pageSize=1000", TestContext.Current.CancellationToken), "pageSize");
        Assert.Equal(0, (await resident.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32());
        Assert.Contains("还没有部门读取过您的数据。", await resident.GetStringAsync("/DataLog", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var staff = await app.SignedInAsync("health-reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/me/data-log", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_published_items_come_with_their_schema_owner_and_field_names()
    {
        using var staff = await app.SignedInAsync("health-reviewer");
        var items = await staff.GetFromJsonAsync<JsonElement>("/api/data/items", TestContext.Current.CancellationToken);
        var household = items.EnumerateArray().Single(i => i.GetProperty("code").GetString() == Household);
        Assert.Equal("police", household.GetProperty("owner").GetString());
        Assert.Equal("resident", household.GetProperty("subject").GetString());
        Assert.Equal("object", household.GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains(household.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "idNumber" && f.GetProperty("personal").GetBoolean());
        Assert.Equal(OneWindow.DataSharing.SharedDataItems.Shipped().Count, items.GetArrayLength()); // every shipped item, the civil-affairs assistance record among them
        using var resident = await app.NewResidentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/data/items", TestContext.Current.CancellationToken)).StatusCode);
    }

    private async Task<(HttpClient Client, string Id)> RegisterAsync()
    {
        var id = OneWindowApp.NewIdNumber();
        using (var anonymous = app.Client())
        {
            var registered = await anonymous.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123" });
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }
        return (await app.SignedInAsync(id, "longpass123"), id);
    }
}

public sealed class SharedDataTestsOnSqlite(SqliteApp app) : SharedDataTests(app), IClassFixture<SqliteApp>;

public sealed class SharedDataTestsOnPostgres(PostgresApp app) : SharedDataTests(app), IClassFixture<PostgresApp>;
