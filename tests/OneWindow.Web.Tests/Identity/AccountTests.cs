using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;
using OneWindow.Formats;

namespace OneWindow.Server.Tests.Identity;

public abstract class AccountTests(OneWindowApp app)
{
    private static string NewIdNumber()
    {
        var body = $"130123199{Random.Shared.Next(0, 10)}0{Random.Shared.Next(1, 10)}1{Random.Shared.Next(0, 10)}{Random.Shared.Next(100, 1000)}";
        return body + ResidentIdNumber.CheckCharacter(body);
    }

    [Fact]
    public async Task Resident_registers_with_real_name_and_signs_in()
    {
        using var client = app.Client();
        var id = NewIdNumber();

        var registered = await client.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123", phone = "13912345678" });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { account = id, password = "longpass123" });
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("resident", me.GetProperty("kind").GetString());
        Assert.Equal(ResidentIdNumber.Mask(id), me.GetProperty("maskedIdNumber").GetString());
        Assert.DoesNotContain(id, me.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_with_a_bad_identity_number_names_the_failed_rule_and_creates_nothing()
    {
        using var client = app.Client();
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        var response = await client.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = "110105194912310021", password = "longpass123" });

        var problem = await ProblemAssert.HasFieldErrorAsync(response, "idNumber");
        Assert.Contains("checkCharacter", problem.GetProperty("errors").GetProperty("idNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Markup_in_a_name_and_a_weak_password_are_rejected_with_field_errors()
    {
        using var client = app.Client();

        var response = await client.PostAsJsonAsync("/api/residents", new { realName = "<script>alert(1)</script>", idNumber = NewIdNumber(), password = "short" });

        await ProblemAssert.HasFieldErrorAsync(response, "realName");
        var weak = await client.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = NewIdNumber(), password = "short" });
        var problem = await ProblemAssert.HasFieldErrorAsync(weak, "password");
        // Identity's own rules, in the reader's language like every other message.
        var reasons = problem.GetProperty("errors").GetProperty("password").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("长度至少为 8 位", reasons);
        Assert.Contains("须包含数字（0-9）", reasons);
        var english = new HttpRequestMessage(HttpMethod.Post, "/api/residents") { Content = JsonContent.Create(new { realName = "刘晓梅", idNumber = NewIdNumber(), password = "short" }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = await ProblemAssert.HasFieldErrorAsync(await client.SendAsync(english), "password");
        Assert.Contains("must contain a digit (0-9)", inEnglish.GetProperty("errors").GetProperty("password").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Registering_a_taken_identity_number_answers_like_a_new_one_and_changes_nothing()
    {
        using var client = app.Client();
        var id = NewIdNumber();
        var first = await client.PostAsJsonAsync("/api/residents", new { realName = "陈静", idNumber = id, password = "longpass123" });

        var again = await client.PostAsJsonAsync("/api/residents", new { realName = "冒名者", idNumber = id, password = "otherpass456" });

        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { account = id, password = "longpass123" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = id, password = "otherpass456" })).StatusCode);
        Assert.Equal("陈静", await app.WithDbAsync(db => db.Users.Where(u => u.IdNumber == id).Select(u => u.RealName).SingleAsync()));
    }

    private static string NewCreditCode(char authority, char type) =>
        UnifiedSocialCreditCode.Synthesize(authority, type, "130123", Random.Shared.Next(100_000, 10_000_000));

    [Theory]
    [InlineData('9', '1', "enterprise")]
    [InlineData('3', '1', "institution")]
    [InlineData('1', '2', "institution")]
    public async Task An_organisation_registers_by_credit_code_and_its_agent_signs_in(char authority, char type, string kind)
    {
        using var client = app.Client();
        var code = NewCreditCode(authority, type);

        var registered = await client.PostAsJsonAsync("/api/organisations", new { creditCode = code.ToLowerInvariant(), organisationName = "正定县测试机构", agentName = "刘晓梅", agentIdNumber = NewIdNumber(), password = "longpass123" });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { account = code, password = "longpass123" });
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        Assert.Equal(kind, (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(kind, me.GetProperty("kind").GetString());
        Assert.Equal([kind], me.GetProperty("roleNames").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("正定县测试机构", me.GetProperty("organisationName").GetString());
        Assert.Equal(code, me.GetProperty("creditCode").GetString());
        Assert.Equal("刘晓梅", me.GetProperty("realName").GetString());
    }

    [Fact]
    public async Task Organisation_registration_names_each_bad_field_and_a_taken_code_answers_like_a_new_one()
    {
        using var client = app.Client();
        var before = await app.WithDbAsync(db => db.Users.CountAsync());
        var code = NewCreditCode('9', '1');
        var broken = code[..17] + (code[17] == '0' ? '1' : '0');

        var bad = await client.PostAsJsonAsync("/api/organisations", new { creditCode = broken, organisationName = "", agentName = "<b>x</b>", agentIdNumber = "110105194912310021", password = "" });

        var problem = await ProblemAssert.HasFieldErrorAsync(bad, "creditCode");
        foreach (var field in new[] { "organisationName", "agentName", "agentIdNumber", "password" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));

        var first = await client.PostAsJsonAsync("/api/organisations", new { creditCode = code, organisationName = "正定县甲公司", agentName = "陈静", agentIdNumber = NewIdNumber(), password = "longpass123" });
        var again = await client.PostAsJsonAsync("/api/organisations", new { creditCode = code, organisationName = "冒名公司", agentName = "冒名者", agentIdNumber = NewIdNumber(), password = "otherpass456" });

        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("正定县甲公司", await app.WithDbAsync(db => db.Users.Where(u => u.CreditCode == code).Select(u => u.OrganisationName).SingleAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().PostAsJsonAsync("/api/auth/login", new { account = code, password = "otherpass456" })).StatusCode);
    }

    [Fact]
    public async Task The_same_credit_code_registered_four_times_at_once_makes_one_account_and_four_identical_answers()
    {
        var code = NewCreditCode('9', '1');
        using var client = app.Client();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.PostAsJsonAsync("/api/organisations",
            new { creditCode = code, organisationName = $"正定县并发{i}公司", agentName = "陈静", agentIdNumber = NewIdNumber(), password = "longpass123" })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Single((await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.CreditCode == code)));
    }

    [Theory]
    [InlineData("440524188001010014", "resident-identity-card", true)]
    [InlineData("932682198501010017", "foreign-permanent-resident-id-card", true)]
    [InlineData("810000199001010013", "hong-kong-macao-taiwan-residence-permit", false)]
    [InlineData("91350100M000100Y43", "enterprise", true)]
    public async Task The_identifier_check_names_the_kind_of_number(string value, string kind, bool valid)
    {
        using var client = app.Client();

        var verdict = await (await client.PostAsJsonAsync("/api/identifiers/check", new { value })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(kind, verdict.GetProperty("kind").GetString());
        Assert.Equal(valid, verdict.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_crash()
    {
        using var client = app.Client();

        var response = await client.PostAsync("/api/residents", new StringContent("{\"realName\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        using var client = app.Client();
        var id = NewIdNumber();
        await client.PostAsJsonAsync("/api/residents", new { realName = "黄磊", idNumber = id, password = "longpass123" });

        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { account = id, password = "wrong-password" }), HttpStatusCode.Unauthorized);
        }
        var right = await client.PostAsJsonAsync("/api/auth/login", new { account = id, password = "longpass123" });

        var problem = await ProblemAssert.IsProblemAsync(right, HttpStatusCode.Unauthorized);
        Assert.Contains("locked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_answers_401_problem_details_to_anonymous_callers()
    {
        using var client = app.Client();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/units"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_resident_is_refused_staff_endpoints()
    {
        using var client = await app.SignedInAsync(DemoData.ResidentIdNumber);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/units"), HttpStatusCode.Forbidden);
    }
}

public sealed class AccountTestsOnSqlite(SqliteApp app) : AccountTests(app), IClassFixture<SqliteApp>;

public sealed class AccountTestsOnPostgres(PostgresApp app) : AccountTests(app), IClassFixture<PostgresApp>;
