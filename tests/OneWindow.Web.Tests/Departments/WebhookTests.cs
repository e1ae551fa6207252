using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Departments;
using OneWindow.Seeding;
using OneWindow.Server.Departments;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Departments;

/// <summary>
/// Tasks reach a department's own system as signed webhooks from a durable outbox: written with the task,
/// delivered to a real HTTP server on loopback, retried with backoff, dead-lettered after the last attempt and
/// replayed by an admin, and never sent by two deliverers at once.
/// </summary>
public abstract class WebhookTests(OneWindowApp app)
{
    private static readonly string VillageName = DemoData.Units.Single(d => d.Key == "village").Name;

    private Guid VillageUnit => app.WithDbAsync(db => db.Units.Where(u => u.Name == VillageName).Select(u => u.Id).SingleAsync()).GetAwaiter().GetResult();

    private static Dictionary<string, string> Residence() => new()
    {
        ["purpose"] = "孩子入学", ["recipient"] = $"正定县第{Random.Shared.Next(1, 1_000_000)}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned",
    };

    /// <summary>Connects the demo village's system to <paramref name="system"/> as the village admin.</summary>
    private async Task ConnectAsync(DepartmentSystem system)
    {
        using var admin = await app.SignedInAsync("village-admin");
        var response = await admin.PutAsJsonAsync($"/api/units/{VillageUnit}/endpoint", new { url = system.Url, rotateSecret = true });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var secret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        system.Trust(secret);
    }

    /// <summary>Files a residence certificate at the village; returns the task's id.</summary>
    private async Task<Guid> FileAsync(HttpClient resident, string? recipient = null)
    {
        var fields = Residence();
        if (recipient is not null)
        {
            fields["recipient"] = recipient;
        }
        var response = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return Guid.Parse(created.GetProperty("tasks")[0].GetProperty("id").GetString()!);
    }

    private async Task<List<WebhookMessage>> MessagesAsync(IEnumerable<Guid> tasks)
    {
        var ids = tasks.ToList();
        return await app.WithDbAsync(db => db.WebhookMessages.AsNoTracking().Where(m => m.TaskId != null && ids.Contains(m.TaskId.Value)).ToListAsync());
    }

    private static async Task EventuallyAsync(Func<Task<bool>> done, string what, int seconds = 20)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(seconds), $"not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Only_admins_along_the_supervising_line_connect_a_unit_and_the_secret_is_shown_once()
    {
        var unit = VillageUnit;
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var police = await app.SignedInAsync("county-police-admin");
        using var township = await app.SignedInAsync("township-admin");
        using var admin = await app.SignedInAsync("village-admin");
        var body = new { url = "https://dept.example.gov.cn/onewindow/tasks" };

        Assert.Equal(HttpStatusCode.Forbidden, (await resident.PutAsJsonAsync($"/api/units/{unit}/endpoint", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PutAsJsonAsync($"/api/units/{unit}/endpoint", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.PutAsJsonAsync($"/api/units/{unit}/endpoint", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync($"/api/units/{unit}/webhooks")).StatusCode);
        await ProblemAssert.HasFieldErrorAsync(await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = "http://dept.example.gov.cn/tasks" }), "url");
        await ProblemAssert.HasFieldErrorAsync(await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = "ftp://127.0.0.1/tasks" }), "url");
        await ProblemAssert.HasFieldErrorAsync(await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = "https://user:pw@dept.example.gov.cn/" }), "url");
        await ProblemAssert.HasFieldErrorAsync(await admin.GetAsync($"/api/units/{unit}/webhooks?state=lost"), "state");

        var made = await (await township.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = body.url, rotateSecret = true })).Content.ReadFromJsonAsync<JsonElement>();
        var shown = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/endpoint");
        var changed = await (await admin.PutAsJsonAsync($"/api/units/{unit}/endpoint", new { url = body.url, enabled = false })).Content.ReadFromJsonAsync<JsonElement>();
        var stored = await app.WithDbAsync(db => db.DepartmentEndpoints.AsNoTracking().SingleAsync(e => e.UnitId == unit));

        Assert.StartsWith("whsec_", made.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.False(changed.TryGetProperty("secret", out _)); // unchanged secret: not shown again
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        var secret = Convert.FromBase64String(made.GetProperty("secret").GetString()!["whsec_".Length..]);
        Assert.DoesNotContain(Convert.ToHexString(secret), Convert.ToHexString(stored.EncryptedSecret), StringComparison.Ordinal); // wrapped, not stored as given
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/units/{unit}/endpoint")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/units/{unit}/endpoint")).StatusCode);
    }

    [Fact]
    public async Task A_task_reaches_the_departments_system_signed_once_with_its_fields_and_a_failing_endpoint_is_retried()
    {
        await using var system = await DepartmentSystem.StartAsync();
        await ConnectAsync(system);
        // This case's message fails twice; messages of earlier tests still being retried are simply accepted.
        var marker = Guid.NewGuid().ToString("N");
        var failures = 2;
        system.AnswerFor = body => body.Contains(marker, StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0 ? 503 : 200;
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var task = await FileAsync(resident, $"正定县第{marker}小学");

        await EventuallyAsync(async () => (await MessagesAsync([task])).All(m => m.State == WebhookState.Delivered), "delivered");
        var message = Assert.Single(await MessagesAsync([task]));
        var (id, body) = Assert.Single(system.Received, r => r.Id == message.Id);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(DepartmentDispatch.Queued, json.GetProperty("type").GetString());
        Assert.Equal(task, json.GetProperty("data").GetProperty("taskId").GetGuid());
        Assert.Equal("孩子入学", json.GetProperty("data").GetProperty("fields").GetProperty("purpose").GetString());
        Assert.Contains("\"purpose\":\"孩子入学\"", body, StringComparison.Ordinal); // readable as sent, not \u-escaped
        Assert.Equal(3, message.Attempts); // two 503s, then 200
        Assert.Equal(0, system.BadSignatures);
    }

    [Fact]
    public async Task An_endpoint_that_hangs_ends_on_the_dead_letter_list_and_an_admin_replays_it()
    {
        await using var system = await DepartmentSystem.StartAsync();
        await ConnectAsync(system);
        system.Answer = () => null; // hangs past the sender's timeout
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var admin = await app.SignedInAsync("village-admin");
        var task = await FileAsync(resident);

        await EventuallyAsync(async () => (await MessagesAsync([task])).All(m => m.State == WebhookState.Dead), "dead-lettered");
        var dead = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{VillageUnit}/webhooks?state=dead");
        var listed = Assert.Single(dead.GetProperty("items").EnumerateArray(), m => m.GetProperty("taskId").GetGuid() == task);
        Assert.Equal(3, listed.GetProperty("attempts").GetInt32());
        Assert.Contains("no answer", listed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(system.Received, r => r.Id == listed.GetProperty("id").GetString());

        system.Answer = () => 200;
        using var stranger = await app.SignedInAsync("county-police-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsync($"/api/webhooks/{listed.GetProperty("id").GetString()}/replay", null)).StatusCode);
        var replayed = await admin.PostAsync($"/api/webhooks/{listed.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/webhooks/{listed.GetProperty("id").GetString()}/replay", null)).StatusCode);

        await EventuallyAsync(async () => (await MessagesAsync([task])).All(m => m.State == WebhookState.Delivered), "delivered after the replay");
        Assert.Single(system.Received, r => r.Id == listed.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Two_server_processes_deliver_together_and_no_message_is_sent_twice()
    {
        await using var system = await DepartmentSystem.StartAsync();
        await ConnectAsync(system);
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        await using var second = app.WithWebHostBuilder(_ => { });
        var tasks = new List<Guid>();
        for (var i = 0; i < 24; i++)
        {
            tasks.Add(await FileAsync(resident));
        }
        var deliverers = new[] { app.Services.GetRequiredService<WebhookDelivery>(), second.Services.GetRequiredService<WebhookDelivery>() };
        Assert.NotEqual(deliverers[0].Node, deliverers[1].Node);

        // Both processes' background deliverers run, and both are also driven here as hard as they go.
        await Task.WhenAll(deliverers.Select(d => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                await d.RunOnceAsync(CancellationToken.None);
            }
        })));
        await EventuallyAsync(async () => (await MessagesAsync(tasks)).All(m => m.State == WebhookState.Delivered), "all delivered");

        var ids = (await MessagesAsync(tasks)).Select(m => m.Id).ToHashSet();
        Assert.Equal(24, ids.Count);
        var received = system.Received.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToList();
        Assert.Equal(24, received.Count);
        Assert.Equal(24, received.Distinct().Count());
    }

    [Fact]
    public async Task A_message_held_by_a_process_that_died_is_delivered_by_another_once_its_lease_runs_out()
    {
        await using var system = await DepartmentSystem.StartAsync();
        await ConnectAsync(system);
        system.Answer = () => null; // every attempt times out (0.5 s) until the "dead" process has taken it
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var task = await FileAsync(resident);
        await EventuallyAsync(async () => (await MessagesAsync([task])).Any(m => m.Attempts >= 1), "a first (failed) attempt");
        var message = Assert.Single(await MessagesAsync([task]));

        // A process takes it — the row as the claim leaves it — and then gets kill -9: it never reports back.
        var heldUntil = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(2).ToUnixTimeMilliseconds();
        Assert.Equal(1, await app.WithDbAsync(db => db.WebhookMessages.Where(m => m.Id == message.Id && m.State == WebhookState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, "killed-process").SetProperty(m => m.LeasedUntil, heldUntil).SetProperty(m => m.DueAt, 0L))));
        await Task.Delay(700); // an attempt that was under way when it was taken has ended (timeout 0.5 s) and changed nothing
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.DoesNotContain(await scope.ServiceProvider.GetRequiredService<WebhookOutbox>().ClaimAsync("another-process", 100, CancellationToken.None), c => c.Id == message.Id);
        }
        system.Answer = () => 200;
        await Task.Delay(500);
        Assert.DoesNotContain(system.Received, r => r.Id == message.Id); // still held

        await EventuallyAsync(async () => (await MessagesAsync([task])).All(m => m.State == WebhookState.Delivered), "delivered after the lease ran out", 10);
        Assert.Single(system.Received, r => r.Id == message.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<WebhookOutbox>().DeliveredAsync("killed-process", message.Id, 200, CancellationToken.None)); // the late report changes nothing
        }
    }

    /// <summary>Files a residence certificate at the village; returns the case's and the task's ids.</summary>
    private async Task<(Guid Case, Guid Task)> FileCaseAsync(HttpClient resident)
    {
        var response = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("tasks")[0].GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> ClientAsync(HttpClient admin, Guid unit)
    {
        var response = await admin.PutAsync($"/api/units/{unit}/client", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asks the token endpoint for an access token with the client's id and secret; returns the response.</summary>
    private async Task<HttpResponseMessage> TokenAsync(string clientId, string secret, string scope = "tasks")
    {
        using var anonymous = app.Client();
        return await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));
    }

    /// <summary>Registers a signature specimen for the account (as its unit admin and the level above would through the API).</summary>
    private Task RegisterSignatureAsync(string userName) => app.WithDbAsync(async db =>
    {
        var account = await db.Users.SingleAsync(u => u.UserName == userName);
        db.SignatureSpecimens.Add(new OneWindow.Certificates.SignatureSpecimen
        {
            AccountId = account.Id,
            UnitId = account.UnitId!.Value,
            ImagePng = OneWindow.Certificates.SealImage.RenderDemoSignature(account.RealName!),
            Status = OneWindow.Certificates.RegistrationStatus.Registered,
            SubmittedBy = account.Id,
            SubmittedAt = TimeProvider.System.GetUtcNow(),
        });
        return await db.SaveChangesAsync();
    });

    private HttpClient Bearer(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_departments_system_signs_in_with_client_credentials_and_decides_its_own_units_task()
    {
        using var admin = await app.SignedInAsync("village-admin");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var client = await ClientAsync(admin, VillageUnit);
        var (caseId, taskId) = await FileCaseAsync(resident);

        var tokenResponse = await TokenAsync(client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
        Assert.True(tokenResponse.StatusCode == HttpStatusCode.OK, await tokenResponse.Content.ReadAsStringAsync());
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var system = Bearer(token);
        var accepted = await system.PostAsync($"/api/cases/{caseId}/tasks/{taskId}/accept", null);
        // A certificate carries its reviewer's registered signature: the system account needs one of its own.
        var unsigned = await system.PostAsJsonAsync($"/api/cases/{caseId}/tasks/{taskId}/decision", new { approve = true });
        await RegisterSignatureAsync("system-" + VillageUnit.ToString("N"));
        var decided = await system.PostAsJsonAsync($"/api/cases/{caseId}/tasks/{taskId}/decision", new { approve = true, result = new { reference = "XT2026-0001" } });
        var queue = await system.GetAsync("/api/tasks");

        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        Assert.Contains("手写签名", (await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.TaskId == taskId)));
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        var task = await app.WithDbAsync(db => db.ApplicationTasks.AsNoTracking().SingleAsync(t => t.Id == taskId));
        Assert.Equal(OneWindow.Applications.TaskState.Approved, task.State);
        var handler = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == task.HandlerId));
        Assert.Equal(VillageName + "业务系统", handler.RealName);
        Assert.Null(handler.PasswordHash); // the system account cannot sign in with a password

        // The token works on task work only, not on the unit's other business.
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.GetAsync($"/api/units/{VillageUnit}/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.GetAsync($"/api/units/{VillageUnit}/endpoint")).StatusCode);
    }

    [Fact]
    public async Task Wrong_secrets_forged_or_revoked_tokens_and_other_units_tasks_are_refused()
    {
        using var admin = await app.SignedInAsync("village-admin");
        using var police = await app.SignedInAsync("county-police-admin");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var client = await ClientAsync(admin, VillageUnit);
        var clientId = client.GetProperty("clientId").GetString()!;
        var (caseId, taskId) = await FileCaseAsync(resident);

        Assert.Equal(HttpStatusCode.Forbidden, (await police.PutAsync($"/api/units/{VillageUnit}/client", null)).StatusCode);
        var wrong = await TokenAsync(clientId, "not-the-secret");
        Assert.True(wrong.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, wrong.StatusCode.ToString());
        Assert.Equal("invalid_client", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.NotEqual(HttpStatusCode.OK, (await TokenAsync(clientId, client.GetProperty("clientSecret").GetString()!, "everything")).StatusCode);

        var token = (await (await TokenAsync(clientId, client.GetProperty("clientSecret").GetString()!)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using (var forged = Bearer(token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsync($"/api/cases/{caseId}/tasks/{taskId}/accept", null)).StatusCode);
        }

        // The county police bureau's system may not touch the village's task.
        var policeUnit = await app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == "county-police-admin").Select(u => u.UnitId!.Value).SingleAsync());
        var policeClient = await ClientAsync(police, policeUnit);
        var policeToken = (await (await TokenAsync(policeClient.GetProperty("clientId").GetString()!, policeClient.GetProperty("clientSecret").GetString()!)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using (var other = Bearer(policeToken))
        {
            var refused = await other.PostAsync($"/api/cases/{caseId}/tasks/{taskId}/accept", null);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, refused.StatusCode.ToString());
        }

        // A new secret ends the tokens of the old one at once.
        await ClientAsync(admin, VillageUnit);
        using (var revoked = Bearer(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.PostAsync($"/api/cases/{caseId}/tasks/{taskId}/accept", null)).StatusCode);
        }
        Assert.Equal(OneWindow.Applications.TaskState.Queued, await app.WithDbAsync(db => db.ApplicationTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.State).SingleAsync()));
    }

    [Fact]
    public async Task Eight_admins_registering_the_endpoint_and_replaying_one_dead_letter_at_once_leave_one_endpoint_and_one_replay()
    {
        using var admin = await app.SignedInAsync("village-admin");
        await admin.DeleteAsync($"/api/units/{VillageUnit}/endpoint");
        var registered = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            admin.PutAsJsonAsync($"/api/units/{VillageUnit}/endpoint", new { url = $"https://dept{i}.example.gov.cn/tasks" })));
        Assert.All(registered, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(registered, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await app.WithDbAsync(db => db.DepartmentEndpoints.CountAsync(e => e.UnitId == VillageUnit)));

        await using var system = await DepartmentSystem.StartAsync();
        await ConnectAsync(system);
        system.Answer = () => 503;
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var task = await FileAsync(resident);
        await EventuallyAsync(async () => (await MessagesAsync([task])).All(m => m.State == WebhookState.Dead), "dead-lettered");
        var id = Assert.Single(await MessagesAsync([task])).Id;

        var replays = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsync($"/api/webhooks/{id}/replay", null)));

        Assert.Single(replays, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, replays.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Eight_admins_making_a_units_client_at_once_leave_one_client_and_one_account_and_only_the_last_secret_works()
    {
        using var admin = await app.SignedInAsync("admin");
        var taken = await app.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().Select(a => a.ClientId).ToListAsync());
        var units = await app.WithDbAsync(db => db.Units.AsNoTracking().Select(u => u.Id).ToListAsync());
        var unit = units.First(u => !taken.Contains("unit-" + u.ToString("N")));

        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PutAsync($"/api/units/{unit}/client", null)));

        Assert.All(made, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var secrets = new List<string>();
        foreach (var response in made.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            secrets.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!);
        }
        Assert.NotEmpty(secrets);
        var clientId = "unit-" + unit.ToString("N");
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync(a => a.ClientId == clientId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.UserName == "system-" + unit.ToString("N"))));
        var answers = new List<HttpStatusCode>();
        foreach (var secret in secrets)
        {
            answers.Add((await TokenAsync(clientId, secret)).StatusCode);
        }
        Assert.Single(answers, a => a == HttpStatusCode.OK); // each success replaced the secret before it

        var removed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.DeleteAsync($"/api/units/{unit}/client")));

        Assert.Single(removed, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(removed, r => Assert.True(r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict or HttpStatusCode.NotFound, r.StatusCode.ToString()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync(a => a.ClientId == clientId)));
    }

    [Fact]
    public async Task Units_without_a_system_get_no_messages()
    {
        using var admin = await app.SignedInAsync("village-admin");
        await admin.DeleteAsync($"/api/units/{VillageUnit}/endpoint");
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var task = await FileAsync(resident);

        Assert.Empty(await MessagesAsync([task]));
    }
}

[Collection("webhooks")]
public sealed class WebhookTestsOnSqlite(WebhookSqliteApp app) : WebhookTests(app), IClassFixture<WebhookSqliteApp>;

[Collection("webhooks")]
public sealed class WebhookTestsOnPostgres(WebhookPostgresApp app) : WebhookTests(app), IClassFixture<WebhookPostgresApp>;
