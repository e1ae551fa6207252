using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Identity;

/// <summary>
/// Sessions end everywhere when they should, and sign-in tells an attacker nothing: a captured cookie is
/// refused after sign-out, a password change or reset, a role change and disabling; unknown accounts and
/// wrong passwords get the same answer; failed sign-ins are limited with 429 and Retry-After.
/// </summary>
public abstract class SessionTests(OneWindowApp app)
{
    /// <summary>A fresh staff member of the village, signed in on two devices; returns both and the account id.</summary>
    private async Task<(HttpClient Device, HttpClient Other, Guid Id, string Name)> StaffOnTwoDevicesAsync()
    {
        var name = $"s-{Guid.NewGuid():N}"[..16];
        var village = DemoData.Units.Single(u => u.Key == "village").Name;
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == village).Select(u => u.Id).SingleAsync());
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = new Account { UserName = name, RealName = "测试员", Kind = AccountKind.Staff, UnitId = unit, Roles = StaffRoles.Clerk };
            Assert.True((await users.CreateAsync(account, DemoData.Password)).Succeeded);
            id = account.Id;
        }
        return (await app.SignedInAsync(name), await app.SignedInAsync(name), id, name);
    }

    private static async Task AssertSignedOutAsync(HttpClient client) =>
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Signing_out_ends_the_session_on_every_device()
    {
        var (device, other, _, _) = await StaffOnTwoDevicesAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me")).StatusCode);

        (await device.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();

        await AssertSignedOutAsync(other);
        await AssertSignedOutAsync(device);
    }

    [Fact]
    public async Task A_write_to_the_account_outside_the_usual_paths_ends_its_sessions_at_once()
    {
        var (device, _, id, _) = await StaffOnTwoDevicesAsync();
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/api/me")).StatusCode); // now kept by the session cache

        // A bulk statement, not a tracked change: still seen by the statement interceptor.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, "changed-in-bulk")));

        await AssertSignedOutAsync(device);
    }

    [Fact]
    public async Task A_sign_out_made_by_another_process_ends_the_session_in_this_one()
    {
        var (device, _, id, _) = await StaffOnTwoDevicesAsync();
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/api/me")).StatusCode);

        // Another process: the core's services with their own session cache, as the CLI or a second server has.
        await using (var other = app.CoreServices(app.ConnectionString))
        await using (var scope = other.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            Assert.True((await users.UpdateSecurityStampAsync((await users.FindByIdAsync(id.ToString()))!)).Succeeded);
        }

        // PostgreSQL tells every process at once; SQLite has no notifications, so Caches:TrustFor (5 s) bounds it.
        var bound = app.Provider == "postgres" ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(3);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await device.GetAsync("/api/me")).StatusCode) == HttpStatusCode.OK && watch.Elapsed < bound)
        {
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_password_reset_a_role_change_and_disabling_each_end_existing_sessions()
    {
        using var admin = await app.SignedInAsync("village-admin");

        var (a, _, idA, _) = await StaffOnTwoDevicesAsync();
        (await admin.PostAsJsonAsync($"/api/accounts/{idA}/password", new { password = "a-new-password-1" })).EnsureSuccessStatusCode();
        await AssertSignedOutAsync(a);

        var (b, _, idB, nameB) = await StaffOnTwoDevicesAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/accounts/{idB}/roles", new { roles = "reviewer" })).StatusCode);
        await AssertSignedOutAsync(b);
        using var again = await app.SignedInAsync(nameB);
        Assert.Contains("reviewer", (await again.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roleNames").EnumerateArray().Select(r => r.GetString()));

        var (c, _, idC, nameC) = await StaffOnTwoDevicesAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{idC}/disable", null)).StatusCode);
        await AssertSignedOutAsync(c);
        var refused = await app.Client().PostAsJsonAsync("/api/auth/login", new { account = nameC, password = DemoData.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{idC}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = nameC, password = DemoData.Password })).StatusCode);
    }

    [Fact]
    public async Task Simultaneous_role_changes_of_one_account_never_fail_with_a_500_and_leave_one_of_the_asked_states()
    {
        using var admin = await app.SignedInAsync("village-admin");
        var (_, _, id, _) = await StaffOnTwoDevicesAsync();
        var asked = new[] { "clerk", "reviewer", "clerk, reviewer", "supervisor" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => admin.PutAsJsonAsync($"/api/accounts/{id}/roles", new { roles = asked[i % asked.Length] })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        var roles = await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.Roles).SingleAsync());
        Assert.Contains(roles, new[] { StaffRoles.Clerk, StaffRoles.Reviewer, StaffRoles.Clerk | StaffRoles.Reviewer, StaffRoles.Supervisor });
    }

    [Fact]
    public async Task A_password_change_through_the_registered_flow_ends_other_sessions()
    {
        var (device, _, id, name) = await StaffOnTwoDevicesAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = await users.FindByIdAsync(id.ToString());
            Assert.True((await users.ChangePasswordAsync(account!, DemoData.Password, "changed-by-owner-1")).Succeeded);
        }

        await AssertSignedOutAsync(device);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = name, password = "changed-by-owner-1" })).StatusCode);
    }

    [Fact]
    public async Task Unknown_accounts_wrong_passwords_and_locked_accounts_get_the_same_answer()
    {
        using var client = app.Client();

        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { account = "nobody-here-at-all", password = "whatever-123" });
        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { account = "police-reviewer", password = "whatever-123" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync() is var a ? Strip(a) : "", Strip(await wrong.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Unknown_wrong_and_locked_accounts_cost_the_same_password_hashing_work()
    {
        // Timing on a shared CI machine is noise; the work is what makes the timing equal, so count it.
        var hasher = new CountingHasher();
        using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<Account>>(hasher)));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (_, _, id, name) = await StaffOnTwoDevicesAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue)));
        async Task<int> VerificationsAsync(string account)
        {
            var before = hasher.Verifications;
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { account, password = "whatever-123" })).StatusCode);
            return hasher.Verifications - before;
        }

        Assert.Equal(1, await VerificationsAsync("nobody-at-all"));
        Assert.Equal(1, await VerificationsAsync("health-reviewer"));
        Assert.Equal(1, await VerificationsAsync(name)); // locked: Identity answers before hashing, so the platform hashes anyway
    }

    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(Account user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Failed_sign_ins_are_limited_per_account_with_429_and_retry_after()
    {
        // A host of its own, so the limit spent here does not touch the other tests' sign-ins.
        using var host = app.WithWebHostBuilder(b => b.UseSetting("SignIn:FailuresPerAccount", "3").UseSetting("SignIn:FailuresPerClient", "50"));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { account = "ghost-account", password = "guess-" + i })).StatusCode);
        }
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { account = "ghost-account", password = "guess" });
        var otherAccount = await client.PostAsJsonAsync("/api/auth/login", new { account = "village-clerk", password = DemoData.Password });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        await ProblemAssert.IsProblemAsync(limited, (HttpStatusCode)429);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_are_limited_per_client_across_accounts()
    {
        using var host = app.WithWebHostBuilder(b => b.UseSetting("SignIn:FailuresPerClient", "2"));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var first = await client.PostAsJsonAsync("/api/auth/login", new { account = "spray-1", password = "guess" });
        var second = await client.PostAsJsonAsync("/api/auth/login", new { account = "spray-2", password = "guess" });
        var third = await client.PostAsJsonAsync("/api/auth/login", new { account = "village-clerk", password = DemoData.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode); // even the right password waits once the client is limited
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Residents_see_their_role()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var me = await resident.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(["resident"], me.GetProperty("roleNames").EnumerateArray().Select(r => r.GetString()));
        Assert.False(me.TryGetProperty("roles", out _)); // no staff roles, rather than "none"
    }

    private static string Strip(string problem)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}

public sealed class SessionTestsOnSqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTestsOnPostgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;
