using System.Net;
using System.Net.Http.Json;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataSharing;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.DataSharing;

/// <summary>
/// 企业信息变更一件事: the demo enterprise applies for the change of its legal representative through the bundle, market
/// regulation approves the change registration — issuing the new business licence and changing its register (only
/// the legal representative; the rest of the record stays) in the same transaction — and the police,
/// tax, human-resources, housing-fund and the enterprise's bank systems — five real loopback HTTP receivers that
/// check every signature — each get it as a signed CloudEvent under their own grant, the bank's system failing at
/// first and then recovering; the owner sees every acknowledgement, a subscriber replays from a sequence number,
/// a revoked grant stops the pushes, and the enterprise sees each push in its data log.
/// </summary>
public abstract class ChangeSubscriptionTests(OneWindowApp app)
{
    private const string Item = "market.enterprise";
    private const string Purpose = "企业信息变更同步";

    private static readonly string[] Subscribers = ["正定县公安局", "国家税务总局正定县税务局", "正定县人力资源和社会保障局", "石家庄住房公积金管理中心", "河北正定农村商业银行"];

    private static object Record(string representative, string address = "正定县中山路1号") =>
        new { name = DemoData.EnterpriseName, legalRepresentative = representative, address, registeredCapital = 500000, businessScope = "餐饮服务" };

    private async Task<JsonElement> WriteAsync(HttpClient market, object record)
    {
        var response = await market.PutAsJsonAsync($"/api/data/items/{Item}/records", new { subject = DemoData.EnterpriseCreditCode, data = record }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.True(done(), $"timed out waiting for {what}");
    }

    private static CloudEvent Decode(string body) =>
        new JsonEventFormatter().DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(body), new ContentType("application/cloudevents+json"), Sequence.AllAttributes);

    [Fact]
    public async Task One_change_reaches_five_departments_as_signed_cloud_events_and_the_owner_sees_every_acknowledgement()
    {
        using var admin = await app.SignedInAsync("admin");
        using var decider = await app.SignedInAsync("city-market-admin");
        using var market = await app.SignedInAsync("county-market-reviewer");
        using var applicant = await app.SignedInAsync(DemoData.EnterpriseCreditCode);
        // The register as it stands before anyone follows it: the demo's record, or what an earlier test of this app wrote.
        var subjectHash = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<SubjectKeys>().Of(DataSubjectKind.Enterprise, DemoData.EnterpriseCreditCode)));
        var before = await app.WithDbAsync(db => db.SharedDataRecords.Where(r => r.ItemCode == Item && r.SubjectHash == subjectHash).OrderByDescending(r => r.Version)
            .Select(r => new { r.Version, r.Data, r.SubjectHash }).FirstAsync());

        var systems = new Dictionary<string, DepartmentSystem>();
        var subscriptions = new Dictionary<string, Guid>();
        var grants = new Dictionary<string, Guid>();
        try
        {
            foreach (var name in Subscribers)
            {
                var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());
                var system = systems[name] = await DepartmentSystem.StartAsync();
                var connected = await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = system.Url, rotateSecret = true }, TestContext.Current.CancellationToken);
                Assert.True(connected.StatusCode == HttpStatusCode.OK, await connected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                system.Trust((await connected.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!);
                var asked = await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Item, consumerUnitId = unit, fields = new[] { "name", "legalRepresentative" }, purpose = Purpose, expiresAt = TimeProvider.System.GetUtcNow().AddYears(1) }, TestContext.Current.CancellationToken);
                var grant = grants[name] = (await asked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
                Assert.Equal(HttpStatusCode.OK, (await decider.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true }, TestContext.Current.CancellationToken)).StatusCode);
                // The bank follows both granted fields; the others only the legal representative.
                var subscribed = await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant, fields = name == "河北正定农村商业银行" ? null : new[] { "legalRepresentative" } }, TestContext.Current.CancellationToken);
                Assert.True(subscribed.StatusCode == HttpStatusCode.OK, await subscribed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                subscriptions[name] = (await subscribed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
            }
            var bankTries = 0;
            systems["河北正定农村商业银行"].AnswerFor = body => IsEvent(body) && Interlocked.Increment(ref bankTries) <= 2 ? 503 : 200; // down for a while, then back

            // The change: the enterprise applies once (企业信息变更一件事); market regulation approves its change registration.
            var bundle = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "ENTERPRISE-INFO-CHANGE"));
            var form = SampleForms.For(bundle.Fields.Where(f => f.Required));
            form["enterpriseName"] = DemoData.EnterpriseName;
            form["changeItem"] = "legal-representative";
            form["legalRepName"] = "李建国";
            var submitted = await applicant.PostAsJsonAsync("/api/cases", new { bundleCode = bundle.Code, divisionCode = DemoData.VillageCode, fields = form }, TestContext.Current.CancellationToken);
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var created = await submitted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            var registration = created.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("itemCode").GetString() == "ENTERPRISE-CHANGE-REG");
            Assert.Equal("正定县市场监督管理局", registration.GetProperty("unitName").GetString());
            var approved = await market.PostAsJsonAsync($"/api/cases/{created.GetProperty("id").GetString()}/tasks/{registration.GetProperty("id").GetString()}/decision",
                new { approve = true }, TestContext.Current.CancellationToken);
            Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var taskId = registration.GetProperty("id").GetGuid();
            var licence = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.TaskId == taskId)); // the new business licence
            var changed = await app.WithDbAsync(db => db.SharedDataRecords.AsNoTracking().SingleAsync(r => r.ItemCode == Item && r.SubjectHash == before.SubjectHash && r.Version == before.Version + 1));
            var recordId = changed.Id;
            var previous = JsonDocument.Parse(before.Data).RootElement;
            var now = JsonDocument.Parse(changed.Data).RootElement;
            Assert.Equal("李建国", now.GetProperty("legalRepresentative").GetString());
            foreach (var kept in new[] { "name", "address", "businessScope" })
            {
                Assert.Equal(previous.GetProperty(kept).GetString(), now.GetProperty(kept).GetString()); // a change, not a new record
            }
            await app.LedgerDrainedAsync();
            Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == changed.LedgerLeafHash && e.Type == "data.written")));
            Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.LeafHash == licence.LedgerLeafHash)));
            await WaitForAsync(() => systems.Values.All(s => Events(s).Any()), "every department's system to receive the change");

            var hash = await app.WithDbAsync(db => db.SharedDataRecords.Where(r => r.Id == recordId).Select(r => r.SubjectHash).SingleAsync());
            foreach (var (name, system) in systems)
            {
                Assert.Equal(0, system.BadSignatures);
                var (id, body) = Assert.Single(Events(system));
                var cloudEvent = Decode(body);
                Assert.Equal(id, cloudEvent.Id);
                Assert.Equal("cn.gov.onewindow.data.changed", cloudEvent.Type);
                Assert.Equal("/data/market.enterprise", cloudEvent.Source!.ToString());
                Assert.Equal(hash, cloudEvent.Subject);
                Assert.Equal("1", cloudEvent.GetSequenceString());
                var data = (JsonElement)cloudEvent.Data!;
                Assert.Equal(DemoData.EnterpriseCreditCode, data.GetProperty("subject").GetString());
                Assert.Equal(before.Version + 1, data.GetProperty("version").GetInt32());
                Assert.Equal(["legalRepresentative"], data.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ToArray());
                Assert.Equal("李建国", data.GetProperty("record").GetProperty("legalRepresentative").GetString());
                Assert.Equal(name == "河北正定农村商业银行", data.GetProperty("record").TryGetProperty("name", out _)); // only what it follows
                // Personal fields stay in the data: none of the event's attributes carries the representative's name.
                Assert.DoesNotContain(cloudEvent.GetPopulatedAttributes(), a => a.Value?.ToString()?.Contains("李建国", StringComparison.Ordinal) == true);
            }

            // The same systems received their own tasks of the bundle, which the approval released.
            await WaitForAsync(() => systems.Values.All(s => s.Received.Any(r => !IsEvent(r.Body))), "every department's task of the bundle");

            // The owner sees who acknowledged: all five delivered, the bank after three attempts.
            await WaitForAsync(() => DeliveredCount(market, recordId) == 5, "every acknowledgement to be recorded");
            var deliveries = (await market.GetFromJsonAsync<JsonElement>($"/api/data/records/{recordId}/deliveries", TestContext.Current.CancellationToken)).EnumerateArray().ToList();
            Assert.Equal(Subscribers.Order(StringComparer.Ordinal), deliveries.Select(d => d.GetProperty("unit").GetString()).Order(StringComparer.Ordinal));
            Assert.Equal(3, deliveries.Single(d => d.GetProperty("unit").GetString() == "河北正定农村商业银行").GetProperty("attempts").GetInt32());
            using var tax = await app.SignedInAsync("county-tax-reviewer");
            Assert.Equal(HttpStatusCode.NotFound, (await tax.GetAsync($"/api/data/records/{recordId}/deliveries", TestContext.Current.CancellationToken)).StatusCode);

            // A change of a field nobody follows goes nowhere.
            Assert.Equal(0, (await WriteAsync(market, Record("李建国", "正定县燕赵大街8号"))).GetProperty("subscribers").GetInt32());

            // Replayed from a sequence number: the tax system gets the same event (same id) again.
            var replay = await admin.PostAsJsonAsync($"/api/data/subscriptions/{subscriptions["国家税务总局正定县税务局"]}/replay", new { fromSequence = 1 }, TestContext.Current.CancellationToken);
            Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("replayed").GetInt32());
            await WaitForAsync(() => Events(systems["国家税务总局正定县税务局"]).Count() == 2, "the replay");
            Assert.Single(Events(systems["国家税务总局正定县税务局"]).Select(r => r.Id).Distinct());

            // The police grant revoked: its system hears of the next change no more; the others get sequence 2.
            Assert.Equal(HttpStatusCode.OK, (await decider.PostAsJsonAsync($"/api/data/grants/{grants["正定县公安局"]}/revoke", new { note = "停止同步" }, TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(4, (await WriteAsync(market, Record("王志远", "正定县燕赵大街8号"))).GetProperty("subscribers").GetInt32());
            await WaitForAsync(() => Events(systems["正定县人力资源和社会保障局"]).Count() == 2, "the next change");
            Assert.Equal("2", Decode(Events(systems["正定县人力资源和社会保障局"]).Last().Body).GetSequenceString());
            Assert.Single(Events(systems["正定县公安局"]));

            // The enterprise sees each push as a read of its data.
            using var enterprise = await app.SignedInAsync(DemoData.EnterpriseCreditCode);
            var log = (await enterprise.GetFromJsonAsync<JsonElement>("/api/me/data-log", TestContext.Current.CancellationToken)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(9, log.Count(r => r.GetProperty("purpose").GetString() == Purpose));
            Assert.Contains(log, r => r.GetProperty("reader").GetString() == "石家庄住房公积金管理中心");
        }
        finally
        {
            foreach (var system in systems.Values)
            {
                await system.DisposeAsync();
            }
        }
    }

    private static bool IsEvent(string body) => body.Contains("\"specversion\"", StringComparison.Ordinal);

    /// <summary>The change events a system received (it also receives the bundle's tasks for its unit).</summary>
    private static IEnumerable<(string Id, string Body)> Events(DepartmentSystem system) => system.Received.Where(r => IsEvent(r.Body));

    private int DeliveredCount(HttpClient market, Guid recordId) =>
        market.GetFromJsonAsync<JsonElement>($"/api/data/records/{recordId}/deliveries").GetAwaiter().GetResult().EnumerateArray().Count(d => d.GetProperty("state").GetString() == "delivered");

    [Fact]
    public async Task Simultaneous_subscriptions_cancellations_and_writes_each_settle_once()
    {
        using var admin = await app.SignedInAsync("admin");
        using var decider = await app.SignedInAsync("city-market-admin");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "石家庄市交通运输局").Select(u => u.Id).SingleAsync());
        await using var system = await DepartmentSystem.StartAsync();
        var connected = await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = system.Url, rotateSecret = true }, TestContext.Current.CancellationToken);
        system.Trust((await connected.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!);
        var asked = await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Item, consumerUnitId = unit, fields = new[] { "legalRepresentative" }, purpose = Purpose, expiresAt = TimeProvider.System.GetUtcNow().AddYears(1) }, TestContext.Current.CancellationToken);
        var grant = (await asked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await decider.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true }, TestContext.Current.CancellationToken)).StatusCode);

        // Eight subscriptions under one grant at once: one is made, seven answer 409.
        var subscribed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken)));
        Assert.Single(subscribed, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(subscribed.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.DataSubscriptions.CountAsync(s => s.GrantId == grant)));
        var id = (await subscribed.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        // Eight market regulators write eight enterprises at once: eight events, numbered 1 to 8 without a gap or a repeat.
        var market = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            market.Add(await app.SignedInAsync("county-market-reviewer"));
        }
        var codes = Enumerable.Range(0, 8).Select(i => OneWindow.Formats.UnifiedSocialCreditCode.Synthesize('9', '1', "130123", 80_000 + Random.Shared.Next(0, 10_000) * 8 + i)).ToList();
        var writes = await Task.WhenAll(market.Select((client, i) => client.PutAsJsonAsync($"/api/data/items/{Item}/records",
            new { subject = codes[i], data = new { name = $"企业{i}", legalRepresentative = $"代表{i}", address = "正定县中山路1号", registeredCapital = 1000, businessScope = "餐饮服务" } }, TestContext.Current.CancellationToken)));
        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.StatusCode));
        var sequences = await app.WithDbAsync(db => db.WebhookMessages.Where(m => m.SubscriptionId == id).Select(m => m.Sequence!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 8).Select(n => (long)n), sequences.Order());
        await WaitForAsync(() => system.Received.Count == 8, "the eight events");
        foreach (var client in market)
        {
            client.Dispose();
        }

        // Eight cancellations at once (the consumer's side and the owner's admin): one cancels, seven answer 409.
        var cancelled = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? admin : decider).PostAsync($"/api/data/subscriptions/{id}/cancel", null, TestContext.Current.CancellationToken)));
        Assert.Single(cancelled, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(cancelled.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Subscribing_needs_an_approved_grant_the_consumer_side_fields_within_the_grant_and_a_system_to_receive()
    {
        using var admin = await app.SignedInAsync("admin");
        using var decider = await app.SignedInAsync("city-market-admin");
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "正定县交通运输局").Select(u => u.Id).SingleAsync());
        var asked = await admin.PostAsJsonAsync("/api/data/grants", new { itemCode = Item, consumerUnitId = unit, fields = new[] { "name" }, purpose = Purpose, expiresAt = TimeProvider.System.GetUtcNow().AddYears(1) }, TestContext.Current.CancellationToken);
        var grant = (await asked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken), HttpStatusCode.Conflict); // not approved yet
        Assert.Equal(HttpStatusCode.OK, (await decider.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true }, TestContext.Current.CancellationToken)).StatusCode);
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken), "grantId"); // no system registered
        await using var system = await DepartmentSystem.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = system.Url, rotateSecret = true }, TestContext.Current.CancellationToken)).StatusCode);
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant, fields = new[] { "address" } }, TestContext.Current.CancellationToken), "fields");
        using var transport = await app.SignedInAsync("county-transport-reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await transport.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken)).StatusCode); // a reviewer is not the unit's admin
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken)).StatusCode);

        var subscribed = await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        var id = (await subscribed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }, TestContext.Current.CancellationToken), HttpStatusCode.Conflict); // one per grant
        // The owner's admin sees it and may end it; the tax bureau's reviewer learns nothing of it.
        Assert.Contains((await decider.GetFromJsonAsync<JsonElement>("/api/data/subscriptions", TestContext.Current.CancellationToken)).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        using var tax = await app.SignedInAsync("county-tax-reviewer");
        Assert.DoesNotContain((await tax.GetFromJsonAsync<JsonElement>("/api/data/subscriptions", TestContext.Current.CancellationToken)).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await tax.PostAsync($"/api/data/subscriptions/{id}/cancel", null, TestContext.Current.CancellationToken)).StatusCode);
        await ProblemAssert.HasFieldErrorAsync(await admin.PostAsJsonAsync($"/api/data/subscriptions/{id}/replay", new { fromSequence = 0 }, TestContext.Current.CancellationToken), "fromSequence");
        Assert.Equal(HttpStatusCode.OK, (await decider.PostAsync($"/api/data/subscriptions/{id}/cancel", null, TestContext.Current.CancellationToken)).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/data/subscriptions/{id}/cancel", null, TestContext.Current.CancellationToken), HttpStatusCode.Conflict);
    }
}

public sealed class ChangeSubscriptionTestsOnSqlite(WebhookSqliteApp app) : ChangeSubscriptionTests(app), IClassFixture<WebhookSqliteApp>;

public sealed class ChangeSubscriptionTestsOnPostgres(WebhookPostgresApp app) : ChangeSubscriptionTests(app), IClassFixture<WebhookPostgresApp>;
