using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Notifications;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Notifications;

/// <summary>
/// The person is told: an inbox entry in the same save as the event, then e-mail through a real SMTP server and SMS
/// through a real HTTP provider on loopback, in the person's language, at most once per event and channel, retried while
/// the provider fails, its state shown; contact details validated and shown masked.
/// </summary>
public abstract class NotificationTests(NotifyingApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task EventuallyAsync(Func<Task<bool>> done, string what, int seconds = 20)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(seconds), $"not within {seconds} s: {what}");
            await Task.Delay(50, Ct);
        }
    }

    private static string Mailbox() => $"resident{Guid.NewGuid():N}@example.cn";

    private static string Phone() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(HttpClient Client, string Email, string Phone)> ResidentWithContactAsync(string language)
    {
        var resident = await app.NewResidentAsync();
        var (email, phone) = (Mailbox(), Phone());
        var set = await resident.PutAsJsonAsync("/api/me/contact", new { email, phone, language }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var shown = await set.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.DoesNotContain(email, shown.ToString(), StringComparison.Ordinal);
        Assert.Equal(phone[..3] + "****" + phone[^4..], shown.GetProperty("phone").GetString());
        return (resident, email, phone);
    }

    [Fact]
    public async Task Submitting_and_getting_a_certificate_reach_the_inbox_the_mailbox_and_the_phone_in_the_persons_language()
    {
        app.Mail.Start();
        var (resident, email, phone) = await ResidentWithContactAsync("en");
        using var _ = resident;
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var application = await CertificateKit.ApplyAsync(resident);
        var id = application.GetProperty("id").GetString()!;

        await EventuallyAsync(() => Task.FromResult(app.Mail.Received.Any(m => m.To.Mailboxes.Any(b => b.Address == email))), "the submission's e-mail");
        var submitted = app.Mail.Received.First(m => m.To.Mailboxes.Any(b => b.Address == email));
        Assert.Equal("Application submitted", submitted.Subject);
        Assert.Contains("Residence certificate", submitted.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"/Cases/{id}", submitted.TextBody, StringComparison.Ordinal);
        await EventuallyAsync(() => Task.FromResult(app.Sms.Received.Any(s => s.To == "+86" + phone)), "the submission's SMS");

        await CertificateKit.ApproveAsync(reviewer, id);
        await EventuallyAsync(() => Task.FromResult(app.Mail.Received.Count(m => m.To.Mailboxes.Any(b => b.Address == email)) == 2), "the certificate's e-mail");
        Assert.Contains(app.Mail.Received, m => m.To.Mailboxes.Any(b => b.Address == email) && m.Subject == "Certificate issued");

        var inbox = await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct);
        Assert.Equal(2, inbox.GetProperty("total").GetInt32());
        Assert.Equal(2, inbox.GetProperty("unread").GetInt32());
        var newest = inbox.GetProperty("items")[0];
        Assert.Equal("certificate-issued", newest.GetProperty("event").GetString());
        await EventuallyAsync(async () => (await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).GetProperty("items").EnumerateArray()
            .All(n => n.GetProperty("deliveries").EnumerateArray().Count(d => d.GetProperty("state").GetString() == "sent") == 2), "both deliveries recorded sent");
        var shown = (await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).ToString();
        Assert.DoesNotContain(email, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, shown, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await resident.PostAsync($"/api/me/notifications/{newest.GetProperty("id").GetGuid()}/read", null, Ct)).StatusCode);
        Assert.Equal(1, (await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).GetProperty("unread").GetInt32());
        // Nobody else reads or marks it.
        using var other = await app.NewResidentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/me/notifications/{newest.GetProperty("id").GetGuid()}/read", null, Ct)).StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_failing_sms_provider_is_tried_again_and_each_event_goes_out_once_per_channel()
    {
        app.Mail.Start();
        var (resident, email, phone) = await ResidentWithContactAsync("zh-CN");
        // Only this person's messages fail: other tests' units and people are texted by the same app meanwhile.
        app.Sms.FailNext("+86" + phone, 2);
        using var _ = resident;
        await CertificateKit.ApplyAsync(resident);

        await EventuallyAsync(() => Task.FromResult(app.Sms.Received.Any(s => s.To == "+86" + phone)), "the SMS after two failures");
        var text = app.Sms.Received.Single(s => s.To == "+86" + phone).Text;
        Assert.Contains("已提交", text, StringComparison.Ordinal);
        Assert.StartsWith("【一窗通办】", text, StringComparison.Ordinal);
        var delivery = await app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.Address == phone, Ct));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.True(delivery.Attempts >= 3, $"{delivery.Attempts} attempts");

        // Planning again, twice at once, adds no delivery: one per event and channel.
        var plans = Enumerable.Range(0, 2).Select(_ => app.WithScopeAsync(sp => NotificationOutbox.PlanAsync(sp.GetRequiredService<OneWindowDb>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value, TimeProvider.System, 100, Ct)));
        await Task.WhenAll(plans);
        await app.WithDbAsync(db => db.Notifications.Where(n => n.Link.Contains("/Cases/")).ExecuteUpdateAsync(u => u.SetProperty(n => n.Planned, false), Ct));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.WithScopeAsync(sp => NotificationOutbox.PlanAsync(sp.GetRequiredService<OneWindowDb>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value, TimeProvider.System, 100, Ct))));
        Assert.Equal(1, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync(d => d.Address == phone, Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync(d => d.Address == email, Ct)));
        await Task.Delay(500, Ct);
        Assert.Single(app.Sms.Received, s => s.To == "+86" + phone);
        Assert.Single(app.Mail.Received, m => m.To.Mailboxes.Any(b => b.Address == email));
    }

    /// <summary>A case of the village's: the clerk asks for a supplement and the applicant answers it; its id and the task's.</summary>
    private static async Task<(string Case, string Task)> SupplementAnsweredAsync(HttpClient resident, HttpClient clerk)
    {
        var created = await resident.PostAsJsonAsync("/api/cases", new
        {
            itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode,
            fields = new Dictionary<string, string> { ["purpose"] = "孩子入学", ["recipient"] = $"正定县第{Random.Shared.Next(1, 1_000_000)}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var (id, task) = (body.GetProperty("id").GetString()!, body.GetProperty("tasks")[0].GetProperty("id").GetString()!);
        var url = $"/api/cases/{id}/tasks/{task}";
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"{url}/accept", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"{url}/supplement", new { fields = new[] { "address" }, note = "门牌号与户籍不一致" }, Ct)).StatusCode);
        var asked = (await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct)).GetProperty("items").EnumerateArray().First();
        Assert.Equal("supplement-requested", asked.GetProperty("event").GetString());
        Assert.Contains("门牌号与户籍不一致", asked.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await resident.PostAsJsonAsync($"{url}/answer", new { fields = new { address = "正定镇西关村3组14号" } }, Ct)).StatusCode);
        return (id, task);
    }

    [Fact]
    public async Task The_unit_hears_of_an_answered_supplement_and_it_and_the_unit_above_of_an_overdue_task()
    {
        using var resident = await app.NewResidentAsync();
        using var clerk = await app.SignedInAsync("village-clerk");
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var township = await app.SignedInAsync("township-admin");
        using var police = await app.SignedInAsync("police-reviewer");
        var (id, task) = await SupplementAnsweredAsync(resident, clerk);

        static async Task<List<JsonElement>> AboutAsync(HttpClient staff, string caseId, string kind) =>
            [.. (await staff.GetFromJsonAsync<JsonElement>("/api/me/notifications?pageSize=100", Ct)).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("event").GetString() == kind && n.GetProperty("link").GetString()!.Contains(caseId, StringComparison.Ordinal))];
        // The unit's staff share it: the clerk and the reviewer both see it, another unit does not.
        var answered = Assert.Single(await AboutAsync(clerk, id, "supplement-received"));
        Assert.Equal($"/Workbench/Task/{id}/{task}", answered.GetProperty("link").GetString());
        Assert.Single(await AboutAsync(reviewer, id, "supplement-received"));
        Assert.Empty(await AboutAsync(police, id, "supplement-received"));

        // Overdue: escalated once to the township, whose staff are told with the village's.
        var due = DateOnly.Parse((await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}", Ct)).GetProperty("tasks")[0].GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var later = new DateTimeOffset(due.AddDays(10).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.WithDbAsync(db => OneWindow.Applications.EscalateOverdueTasks.RunAsync(db, later, due.AddDays(10), Ct))));
        Assert.Single(await AboutAsync(clerk, id, "overdue"));
        Assert.Single(await AboutAsync(township, id, "overdue"));
        Assert.Empty(await AboutAsync(police, id, "overdue"));
        Assert.Empty(await AboutAsync(resident, id, "overdue"));
    }

    [Fact]
    public async Task A_units_notification_reaches_each_of_its_staff_who_gave_an_address_once_and_no_disabled_account()
    {
        app.Mail.Start();
        using var admin = await app.SignedInAsync("village-admin");
        var name = DemoData.Units.Single(d => d.Key == "village").Name;
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync(Ct));
        async Task<(Guid Id, string Email, string Phone)> StaffWithContactAsync()
        {
            var userName = "clerk-" + Guid.NewGuid().ToString("N")[..12];
            var created = await admin.PostAsJsonAsync($"/api/units/{unit}/staff", new { userName, realName = "陈静", password = "longpass123", roles = "clerk" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            using var member = await app.SignedInAsync(userName, "longpass123");
            var (email, phone) = (Mailbox(), Phone());
            Assert.Equal(HttpStatusCode.OK, (await member.PutAsJsonAsync("/api/me/contact", new { email, phone, language = "en" }, Ct)).StatusCode);
            return (id, email, phone);
        }
        var active = await StaffWithContactAsync();
        var disabled = await StaffWithContactAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{disabled.Id}/disable", null, Ct)).StatusCode);

        // The applicant answers the village's supplement request: the unit is told, and so each of its staff with an address.
        using var resident = await app.NewResidentAsync();
        using var clerk = await app.SignedInAsync("village-clerk");
        var (id, task) = await SupplementAnsweredAsync(resident, clerk);
        await EventuallyAsync(() => Task.FromResult(app.Mail.Received.Any(m => m.To.Mailboxes.Any(b => b.Address == active.Email))), "the unit's e-mail to its member of staff");
        await EventuallyAsync(() => Task.FromResult(app.Sms.Received.Any(s => s.To == "+86" + active.Phone)), "the unit's SMS to its member of staff");
        var mail = Assert.Single(app.Mail.Received, m => m.To.Mailboxes.Any(b => b.Address == active.Email));
        Assert.Equal("Supplement received", mail.Subject);
        Assert.Contains($"/Workbench/Task/{id}/{task}", mail.TextBody, StringComparison.Ordinal);
        Assert.Single(app.Sms.Received, s => s.To == "+86" + active.Phone);
        // Nothing to the disabled account; the member's inbox shows their own deliveries, a colleague without an address none.
        Assert.DoesNotContain(app.Mail.Received, m => m.To.Mailboxes.Any(b => b.Address == disabled.Email));
        Assert.DoesNotContain(app.Sms.Received, s => s.To == "+86" + disabled.Phone);
        Assert.Equal(0, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync(d => d.RecipientId == disabled.Id, Ct)));
        static JsonElement About(JsonElement inbox, string caseId) => inbox.GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("event").GetString() == "supplement-received" && n.GetProperty("link").GetString()!.Contains(caseId, StringComparison.Ordinal));
        var seen = About(await clerk.GetFromJsonAsync<JsonElement>("/api/me/notifications?pageSize=100", Ct), id);
        Assert.Empty(seen.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(2, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync(d => d.RecipientId == active.Id, Ct)));
    }

    [Fact]
    public async Task Contact_details_are_checked_and_the_inbox_page_shows_the_messages()
    {
        using var resident = await app.NewResidentAsync();
        await ProblemAssert.HasFieldErrorAsync(await resident.PutAsJsonAsync("/api/me/contact", new { email = "not an address", phone = "12", language = "fr" }, Ct), "email");
        var problem = await (await resident.PutAsJsonAsync("/api/me/contact", new { email = "a@b", phone = "12", language = "fr" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("language", out _));
        await CertificateKit.ApplyAsync(resident);
        var page = WebUtility.HtmlDecode(await resident.GetStringAsync("/Inbox", Ct));
        Assert.Contains("申请已提交", page, StringComparison.Ordinal);
        Assert.Contains("居住证明", page, StringComparison.Ordinal);
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me/notifications", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_unit_is_told_once_when_a_task_falls_due_by_the_next_working_day()
    {
        using var resident = await app.NewResidentAsync();
        var id = Guid.Parse((await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var calendar = await app.WithScopeAsync(s => s.GetRequiredService<OneWindow.Calendar.CalendarCache>().GetAsync(s.GetRequiredService<OneWindowDb>(), Ct));
        if (!calendar.Covers(today.Year + 1) && today.Month == 12 && today.Day > 20)
        {
            return; // the next working day may lie in a year whose calendar is not out yet
        }
        await app.WithDbAsync(db => db.ApplicationTasks.Where(t => EF.Property<Guid>(t, "ApplicationId") == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.DueDate, today), Ct));
        var first = await app.WithDbAsync(db => OneWindow.Applications.EscalateOverdueTasks.AnnounceDueSoonAsync(db, calendar, clock.GetUtcNow(), today, Ct));
        Assert.True(first >= 1);
        var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.WithDbAsync(db => OneWindow.Applications.EscalateOverdueTasks.AnnounceDueSoonAsync(db, calendar, clock.GetUtcNow(), today, Ct))));
        var task = await app.WithDbAsync(db => db.ApplicationTasks.AsNoTracking().SingleAsync(t => EF.Property<Guid>(t, "ApplicationId") == id, Ct));
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Key == $"{task.Id}:due-soon", Ct)));
        using var village = await app.SignedInAsync("village-reviewer");
        var inbox = await village.GetFromJsonAsync<JsonElement>("/api/me/notifications?pageSize=100", Ct);
        var told = inbox.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("event").GetString() == "due-soon" && n.GetProperty("link").GetString()!.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Equal("即将到期", told.GetProperty("title").GetString());
        // Not on the applicant's timeline.
        var shown = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}", Ct);
        Assert.DoesNotContain("due", shown.GetProperty("history").ToString(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class NotificationTestsOnSqlite(NotifyingSqliteApp app) : NotificationTests(app), IClassFixture<NotifyingSqliteApp>;

public sealed class NotificationTestsOnPostgres(NotifyingPostgresApp app) : NotificationTests(app), IClassFixture<NotifyingPostgresApp>;
