using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;
using OneWindow.Formats;

namespace OneWindow.Server.Tests.Identity;

public abstract class UnitScopeTests(OneWindowApp app)
{
    private Task<Guid> UnitIdAsync(string name) => app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    private Task<Guid> VillageAsync() => UnitIdAsync(DemoData.Units.Single(u => u.Key == "village").Name);

    private Task<Guid> TownshipAsync() => UnitIdAsync(DemoData.Units.Single(u => u.Key == "township").Name);

    [Fact]
    public async Task Staff_see_their_own_unit_and_only_it()
    {
        using var client = await app.SignedInAsync("village-clerk");

        var units = await client.GetFromJsonAsync<JsonElement>("/api/units");
        var own = await client.GetAsync($"/api/units/{await VillageAsync()}/staff");
        var other = await client.GetAsync($"/api/units/{await TownshipAsync()}/staff");

        Assert.Equal(1, units.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_unit_admin_adds_staff_to_their_unit_but_not_to_another()
    {
        using var client = await app.SignedInAsync("village-admin");
        var name = $"clerk-{Guid.NewGuid():N}"[..20];

        var added = await client.PostAsJsonAsync($"/api/units/{await VillageAsync()}/staff", new { userName = name, realName = "钱伟", password = "longpass123", roles = "clerk" });
        var refused = await client.PostAsJsonAsync($"/api/units/{await TownshipAsync()}/staff", new { userName = name + "x", realName = "钱伟", password = "longpass123", roles = "clerk" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(a => a.UserName == name + "x")));
    }

    [Fact]
    public async Task A_clerk_cannot_add_staff_even_to_their_own_unit()
    {
        using var client = await app.SignedInAsync("village-clerk");

        var response = await client.PostAsJsonAsync($"/api/units/{await VillageAsync()}/staff", new { userName = "sneaky-admin", realName = "钱伟", password = "longpass123", roles = "unit-admin" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_unit_admin_cannot_grant_platform_admin()
    {
        using var client = await app.SignedInAsync("village-admin");

        var response = await client.PostAsJsonAsync($"/api/units/{await VillageAsync()}/staff", new { userName = "would-be-root", realName = "钱伟", password = "longpass123", roles = "platform-admin" });

        await ProblemAssert.HasFieldErrorAsync(response, "roles");
    }

    [Fact]
    public async Task Only_a_platform_admin_registers_units_and_their_credit_codes_are_checked()
    {
        using var admin = await app.SignedInAsync("admin");
        using var clerk = await app.SignedInAsync("village-clerk");
        var good = UnifiedSocialCreditCode.Synthesize('1', '1', "130123", Random.Shared.Next(100_000, 999_999));
        var unit = new { name = "正定县测试局", kind = "department-office", department = "tax", divisionCode = "130123", creditCode = good };

        var created = await admin.PostAsJsonAsync("/api/units", unit);
        var badCode = await admin.PostAsJsonAsync("/api/units", unit with { creditCode = good[..17] + (good[17] == '0' ? '1' : '0') });
        var byClerk = await clerk.PostAsJsonAsync("/api/units", unit);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ProblemAssert.HasFieldErrorAsync(badCode, "creditCode");
        await ProblemAssert.IsProblemAsync(byClerk, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_unit_admin_names_liaisons_within_their_division_only()
    {
        using var township = await app.SignedInAsync("township-admin");
        using var village = await app.SignedInAsync("village-admin");
        var liaison = new { personName = "马建国", title = "村党支部书记", phone = "13700000001" };

        var below = await township.PutAsJsonAsync($"/api/divisions/{DemoData.VillageCode}/liaison", liaison);
        var own = await village.PutAsJsonAsync($"/api/divisions/{DemoData.VillageCode}/liaison", liaison);
        var above = await village.PutAsJsonAsync($"/api/divisions/{DemoData.TownshipCode}/liaison", liaison);
        var read = await village.GetFromJsonAsync<JsonElement>($"/api/divisions/{DemoData.VillageCode}/liaison");

        Assert.Equal(HttpStatusCode.OK, below.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await ProblemAssert.IsProblemAsync(above, HttpStatusCode.Forbidden);
        Assert.Equal("马建国", read.GetProperty("personName").GetString());
    }

    [Fact]
    public async Task Provisioned_accounts_are_activated_by_the_level_above()
    {
        var provisioned = await app.CliAsync("units", "provision", "130123102");
        Assert.True(provisioned.ExitCode == 0, provisioned.Err);
        var townshipAdmin = await app.WithDbAsync(db => db.Users.Where(a => a.UserName == "admin-130123102000").Select(a => a.Id).SingleAsync());
        var villageAdmin = await app.WithDbAsync(db => db.Users.Where(a => a.UserName!.StartsWith("admin-130123102") && a.UserName != "admin-130123102000" && a.UserName.Length == 18) // admin-<village code>: a village committee's, not a department office's
            .OrderBy(a => a.UserName).Select(a => new { a.Id, a.UserName }).FirstAsync());
        using var platform = await app.SignedInAsync("admin");
        using var otherTownship = await app.SignedInAsync("township-admin");

        var cannotYet = await app.Client().PostAsJsonAsync("/api/auth/login", new { account = "admin-130123102000", password = "longpass123" });
        var byStranger = await otherTownship.PostAsJsonAsync($"/api/accounts/{villageAdmin.Id}/password", new { password = "longpass123" });
        var weak = await platform.PostAsJsonAsync($"/api/accounts/{townshipAdmin}/password", new { password = "short" });
        var activated = await platform.PostAsJsonAsync($"/api/accounts/{townshipAdmin}/password", new { password = "longpass123" });
        using var township = await app.SignedInAsync("admin-130123102000", "longpass123");
        var handedDown = await township.PostAsJsonAsync($"/api/accounts/{villageAdmin.Id}/password", new { password = "village123pass" });
        using var village = await app.SignedInAsync(villageAdmin.UserName!, "village123pass");

        await ProblemAssert.IsProblemAsync(cannotYet, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(byStranger, HttpStatusCode.Forbidden);
        await ProblemAssert.HasFieldErrorAsync(weak, "password");
        Assert.Equal(HttpStatusCode.NoContent, activated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, handedDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await village.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_liaison_with_a_bad_phone_is_rejected()
    {
        using var village = await app.SignedInAsync("village-admin");

        var response = await village.PutAsJsonAsync($"/api/divisions/{DemoData.VillageCode}/liaison", new { personName = "马建国", title = "书记", phone = "12345" });

        await ProblemAssert.HasFieldErrorAsync(response, "phone");
    }
}

public sealed class UnitScopeTestsOnSqlite(SqliteApp app) : UnitScopeTests(app), IClassFixture<SqliteApp>;

public sealed class UnitScopeTestsOnPostgres(PostgresApp app) : UnitScopeTests(app), IClassFixture<PostgresApp>;
