using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Certificates;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Identity;

/// <summary>
/// Every staff-management and seal endpoint × every role × how the caller's unit relates to the target
/// (the township police station): its own unit, the unit above it on its line (county public-security
/// bureau), another department at the same division (township centre), another department above
/// (county administrative-approval bureau). Authority follows the department's supervising line only.
/// Each request is built to fail validation or state checks AFTER authorization, so allowed calls answer
/// 200/400/409 and change nothing, and refused calls answer 403.
/// </summary>
public abstract class AuthorityMatrixTests(OneWindowApp app)
{
    public enum Relation
    {
        Own,
        SupervisorSameDepartment,
        OtherDepartmentSameDivision,
        OtherDepartmentAbove,
        PlatformAdmin,
        Resident,
    }

    public static TheoryData<string, Relation, StaffRoles, bool> Matrix()
    {
        var data = new TheoryData<string, Relation, StaffRoles, bool>();
        var roles = new[] { StaffRoles.UnitAdmin, StaffRoles.Reviewer, StaffRoles.Clerk };
        foreach (var endpoint in Endpoints.Keys)
        {
            foreach (var relation in new[] { Relation.Own, Relation.SupervisorSameDepartment, Relation.OtherDepartmentSameDivision, Relation.OtherDepartmentAbove })
            {
                foreach (var role in roles)
                {
                    data.Add(endpoint, relation, role, Expected(endpoint, relation, role));
                }
            }
            data.Add(endpoint, Relation.PlatformAdmin, StaffRoles.PlatformAdmin, true);
            data.Add(endpoint, Relation.Resident, StaffRoles.None, false);
        }
        return data;
    }

    /// <summary>The rule, written out independently of the code under test.</summary>
    private static bool Expected(string endpoint, Relation relation, StaffRoles role)
    {
        var admin = role == StaffRoles.UnitAdmin;
        return (endpoint, relation) switch
        {
            ("view-staff" or "view-seals", Relation.Own) => true,
            ("view-staff" or "view-seals", Relation.SupervisorSameDepartment) => admin,
            ("create-staff" or "set-password" or "set-roles" or "disable", Relation.Own or Relation.SupervisorSameDepartment) => admin,
            ("submit-seal" or "submit-specimen", Relation.Own) => admin,
            ("register-seal" or "register-specimen", Relation.SupervisorSameDepartment) => admin,
            ("revoke-seal", Relation.Own or Relation.SupervisorSameDepartment) => admin,
            _ => false,
        };
    }

    private sealed record Targets(Guid Unit, Guid Reviewer, Guid Seal, Guid Specimen);

    private static readonly Dictionary<string, Func<HttpClient, Targets, Task<HttpResponseMessage>>> Endpoints = new()
    {
        ["view-staff"] = (c, t) => c.GetAsync($"/api/units/{t.Unit}/staff"),
        ["view-seals"] = (c, t) => c.GetAsync($"/api/units/{t.Unit}/seals"),
        ["create-staff"] = (c, t) => c.PostAsJsonAsync($"/api/units/{t.Unit}/staff", new { userName = "x", realName = "", password = "", roles = "clerk" }),
        ["set-password"] = (c, t) => c.PostAsJsonAsync($"/api/accounts/{t.Reviewer}/password", new { password = "" }),
        ["set-roles"] = (c, t) => c.PutAsJsonAsync($"/api/accounts/{t.Reviewer}/roles", new { roles = "none" }),
        ["disable"] = (c, t) => c.PostAsync($"/api/accounts/{t.Reviewer}/disable", null),
        ["submit-seal"] = (c, t) => c.PostAsJsonAsync($"/api/units/{t.Unit}/seals", new { imagePng = "AAAA" }),
        ["register-seal"] = (c, t) => c.PostAsJsonAsync($"/api/seals/{t.Seal}/review", new { approve = true }),
        ["revoke-seal"] = (c, t) => c.PostAsJsonAsync($"/api/seals/{t.Seal}/revoke", new { reason = "" }),
        ["submit-specimen"] = (c, t) => c.PostAsJsonAsync($"/api/units/{t.Unit}/specimens", new { accountId = Guid.NewGuid(), imagePng = "AAAA" }),
        ["register-specimen"] = (c, t) => c.PostAsJsonAsync($"/api/specimens/{t.Specimen}/review", new { approve = true }),
        ["set-supervisor"] = (c, t) => c.PutAsJsonAsync($"/api/units/{t.Unit}/supervisor", new { supervisingUnitId = t.Unit }), // platform admins only; a unit cannot supervise itself (400)
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Authority_follows_the_supervising_line(string endpoint, Relation relation, StaffRoles role, bool allowed)
    {
        var targets = await TargetsAsync();
        using var client = await CallerAsync(relation, role);
        var before = await FingerprintAsync(targets);

        var response = await Endpoints[endpoint](client, targets);

        if (allowed)
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)response.StatusCode < 500,
                $"{endpoint} by {role} ({relation}): expected to be allowed, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        }
        if (endpoint != "disable" || !allowed)
        {
            Assert.Equal(before, await FingerprintAsync(targets)); // nothing changed either way
        }
        else
        {
            // Disabling is the one call without a validation failure to stop it: undo it.
            using var platform = await app.SignedInAsync("admin");
            (await platform.PostAsync($"/api/accounts/{targets.Reviewer}/enable", null)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_county_admin_of_another_department_cannot_take_over_a_township_police_reviewer()
    {
        var targets = await TargetsAsync();
        using var countyAdmin = await app.SignedInAsync("county-admin");

        var reset = await countyAdmin.PostAsJsonAsync($"/api/accounts/{targets.Reviewer}/password", new { password = "taken-over-123" });
        var revoke = await countyAdmin.PostAsJsonAsync($"/api/seals/{targets.Seal}/revoke", new { reason = "接管" });

        await ProblemAssert.IsProblemAsync(reset, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(revoke, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = "police-reviewer", password = DemoData.Password })).StatusCode);
    }

    [Fact]
    public async Task Default_lines_follow_departments_and_a_platform_admin_can_redraw_one_but_not_into_a_cycle()
    {
        var station = await UnitAsync("police-station");
        var countyPolice = await UnitAsync("county-police");
        var village = await UnitAsync("village");
        var township = await UnitAsync("township");
        var countyServices = await UnitAsync("county-services");
        using var platform = await app.SignedInAsync("admin");
        using var countyAdmin = await app.SignedInAsync("county-admin");

        var lines = await app.WithDbAsync(db => db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.SupervisingUnitId));
        var cycle = await platform.PutAsJsonAsync($"/api/units/{countyPolice}/supervisor", new { supervisingUnitId = station });
        var notAdmin = await countyAdmin.PutAsJsonAsync($"/api/units/{village}/supervisor", new { supervisingUnitId = countyServices });

        Assert.Equal(countyPolice, lines[station]);
        Assert.Equal(township, lines[village]);
        Assert.Equal(countyServices, lines[township]);
        Assert.Null(lines[await UnitAsync("county-health")]);
        await ProblemAssert.HasFieldErrorAsync(cycle, "supervisingUnitId");
        await ProblemAssert.IsProblemAsync(notAdmin, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Two_admins_redrawing_lines_at_once_cannot_make_a_cycle()
    {
        var health = await UnitAsync("county-health");
        var medical = await UnitAsync("county-medical-insurance");
        using var first = await app.SignedInAsync("admin");
        using var second = await app.SignedInAsync("admin");

        for (var round = 0; round < 5; round++)
        {
            var responses = await Task.WhenAll(
                first.PutAsJsonAsync($"/api/units/{health}/supervisor", new { supervisingUnitId = medical }),
                second.PutAsJsonAsync($"/api/units/{medical}/supervisor", new { supervisingUnitId = health }));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, r.StatusCode.ToString()));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var lines = await app.WithDbAsync(db => db.Units.Where(u => u.Id == health || u.Id == medical).ToDictionaryAsync(u => u.Id, u => u.SupervisingUnitId));
            Assert.False(lines[health] == medical && lines[medical] == health, "a cycle was drawn");
            // Undo for the next round (and the other tests).
            (await first.PutAsJsonAsync($"/api/units/{health}/supervisor", new { supervisingUnitId = (Guid?)null })).EnsureSuccessStatusCode();
            (await first.PutAsJsonAsync($"/api/units/{medical}/supervisor", new { supervisingUnitId = (Guid?)null })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Two_admins_disabling_one_account_at_once_get_no_server_error_and_leave_it_disabled()
    {
        var targets = await TargetsAsync();
        using var platform = await app.SignedInAsync("admin");
        using var countyPolice = await app.SignedInAsync("county-police-admin");

        var responses = await Task.WhenAll(
            platform.PostAsync($"/api/accounts/{targets.Reviewer}/disable", null),
            countyPolice.PostAsync($"/api/accounts/{targets.Reviewer}/disable", null));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = "police-reviewer", password = DemoData.Password })).StatusCode);
        (await platform.PostAsync($"/api/accounts/{targets.Reviewer}/enable", null)).EnsureSuccessStatusCode();
    }

    private Task<Guid> UnitAsync(string key)
    {
        var name = DemoData.Units.Single(u => u.Key == key).Name;
        return app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());
    }

    private async Task<Targets> TargetsAsync()
    {
        var unit = await UnitAsync("police-station");
        return await app.WithDbAsync(async db =>
        {
            var reviewer = await db.Users.Where(u => u.UserName == "police-reviewer").Select(u => u.Id).SingleAsync();
            var seal = await db.Seals.Where(s => s.UnitId == unit && s.Status == RegistrationStatus.Registered).Select(s => s.Id).FirstAsync();
            var specimen = await db.SignatureSpecimens.Where(s => s.AccountId == reviewer && s.Status == RegistrationStatus.Registered).Select(s => s.Id).FirstAsync();
            return new Targets(unit, reviewer, seal, specimen);
        });
    }

    /// <summary>What any of the endpoints could change about the target unit.</summary>
    private Task<string> FingerprintAsync(Targets t) => app.WithDbAsync(async db =>
    {
        var line = await db.Units.AsNoTracking().Where(u => u.Id == t.Unit).Select(u => u.SupervisingUnitId).SingleAsync();
        var staff = await db.Users.AsNoTracking().Where(u => u.UnitId == t.Unit).OrderBy(u => u.Id).Select(u => u.Id + ":" + u.Roles + ":" + u.PasswordHash + ":" + u.LockoutEnd).ToListAsync();
        var seals = await db.Seals.AsNoTracking().Where(s => s.UnitId == t.Unit).OrderBy(s => s.Id).Select(s => s.Id + ":" + s.Status).ToListAsync();
        var specimens = await db.SignatureSpecimens.AsNoTracking().Where(s => s.UnitId == t.Unit).OrderBy(s => s.Id).Select(s => s.Id + ":" + s.Status).ToListAsync();
        return line + "|" + string.Join("|", staff.Concat(seals).Concat(specimens));
    });

    /// <summary>A signed-in caller with <paramref name="role"/> in a unit standing in <paramref name="relation"/> to the police station.</summary>
    private async Task<HttpClient> CallerAsync(Relation relation, StaffRoles role)
    {
        if (relation == Relation.Resident)
        {
            return await app.SignedInAsync(DemoData.ResidentIdNumber);
        }
        if (relation == Relation.PlatformAdmin)
        {
            return await app.SignedInAsync("admin");
        }
        var unitKey = relation switch
        {
            Relation.Own => "police-station",
            Relation.SupervisorSameDepartment => "county-police",
            Relation.OtherDepartmentSameDivision => "township",
            _ => "county-services",
        };
        var userName = $"matrix-{unitKey}-{role}".ToLowerInvariant();
        var unit = await UnitAsync(unitKey);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var created = await users.CreateAsync(new Account { UserName = userName, RealName = "测试员", Kind = AccountKind.Staff, UnitId = unit, Roles = role }, DemoData.Password);
                Assert.True(created.Succeeded || created.Errors.Any(e => e.Code == "DuplicateUserName"), string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
        return await app.SignedInAsync(userName);
    }
}

public sealed class AuthorityMatrixTestsOnSqlite(SqliteApp app) : AuthorityMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AuthorityMatrixTestsOnPostgres(PostgresApp app) : AuthorityMatrixTests(app), IClassFixture<PostgresApp>;
