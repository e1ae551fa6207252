using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.DataSharing;

/// <summary>
/// Every shared-data operation × every published item × accounts of every kind of relation to the item's owner
/// department and to the consumer unit of its grant: the owner's staff at several levels and an admin of the
/// owner over the consumer (who decides grants), the consumer's staff and admin, an admin above the consumer on
/// its line, staff and admins of other departments, the platform admin, a resident. The consumer is the county
/// health bureau, except for the health bureau's own item, read by the county police. The expectations are the
/// rules written out again from each account's department, unit and level — not read from the code; a refusal
/// is 403 or 404 (404 where the caller may not even learn that the grant exists).
/// </summary>
public abstract class SharedDataMatrixTests(OneWindowApp app)
{
    /// <summary>An account's place: its unit's department and demo unit key, the unit's level, and whether it is the unit's admin.</summary>
    private sealed record Place(string Department, string Unit, int Level, bool Admin);

    private const int Township = 4, County = 3, City = 2, Province = 1;

    private static readonly Dictionary<string, Place?> Accounts = new(StringComparer.Ordinal)
    {
        ["police-reviewer"] = new("police", "police-station", Township, false),
        ["county-police-reviewer"] = new("police", "county-police", County, false),
        ["county-police-admin"] = new("police", "county-police", County, true),
        ["province-police-admin"] = new("police", "province-police", Province, true),
        ["health-reviewer"] = new("health", "county-health", County, false),
        ["county-health-admin"] = new("health", "county-health", County, true),
        ["township-health-reviewer"] = new("health", "township-health", Township, false),
        ["county-medical-insurance-reviewer"] = new("medical-insurance", "county-medical-insurance", County, false),
        ["province-medical-insurance-admin"] = new("medical-insurance", "province-medical-insurance", Province, true),
        ["county-market-reviewer"] = new("market-regulation", "county-market", County, false),
        ["city-market-admin"] = new("market-regulation", "city-market", City, true),
        ["village-clerk"] = new("village", "village", 5, false),
        ["village-admin"] = new("village", "village", 5, true),
        ["county-admin"] = new("approval", "county-services", County, true),
        ["admin"] = null, // the platform admin
        [DemoData.ResidentIdNumber] = null,
    };

    /// <summary>Each published item: its owner department and the unit its grant goes to (and that unit's department).</summary>
    private static readonly Dictionary<string, (string Owner, string Consumer, string ConsumerName, string ConsumerDepartment)> Items = new(StringComparer.Ordinal)
    {
        ["police.household"] = ("police", "county-health", "正定县卫生健康局", "health"),
        ["health.birth-medical-record"] = ("health", "county-police", "正定县公安局", "police"),
        ["insurance.enrolment"] = ("medical-insurance", "county-health", "正定县卫生健康局", "health"),
        ["market.enterprise"] = ("market-regulation", "county-health", "正定县卫生健康局", "health"),
    };

    private static readonly string[] Operations =
        ["write", "read", "batch-read", "request-grant", "decide-grant", "revoke-grant", "list-items", "subscribe", "cancel-subscription", "replay-subscription", "deliveries"];

    public static TheoryData<string, string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var item in Items.Keys)
        {
            foreach (var operation in Operations)
            {
                foreach (var account in Accounts.Keys)
                {
                    data.Add(item, operation, account, Allowed(item, operation, account));
                }
            }
        }
        return data;
    }

    private static bool Allowed(string itemCode, string operation, string account)
    {
        var item = Items[itemCode];
        var place = Accounts[account];
        var platformAdmin = account == "admin";
        var staff = place is not null || platformAdmin;
        // Staff of any unit of the owner department write its records and see their deliveries.
        var ownerStaff = place?.Department == item.Owner;
        // The consumer unit (a county unit): its own staff read under the grant.
        var consumerStaff = place?.Unit == item.Consumer;
        // The consumer's side: its admin, or an admin of the same department above it (its supervising line).
        var consumerSide = platformAdmin || (place is { Admin: true } && place.Department == item.ConsumerDepartment && place.Level <= County);
        // An admin of the owner department whose division contains the consumer's county.
        var ownerOver = place is { Admin: true } && place.Department == item.Owner && place.Level <= County;
        return operation switch
        {
            "write" or "deliveries" => ownerStaff,
            "read" or "batch-read" => consumerStaff,
            "request-grant" or "subscribe" => consumerSide,
            "decide-grant" => ownerOver, // never a platform admin on the owner's behalf
            "revoke-grant" or "cancel-subscription" or "replay-subscription" => consumerSide || ownerOver,
            "list-items" => staff,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    private static string NewSubject(string item) => item == "market.enterprise"
        ? OneWindow.Formats.UnifiedSocialCreditCode.Synthesize('9', '1', "130123", Random.Shared.Next(100_000, 90_000_000))
        : OneWindowApp.NewIdNumber();

    private static object Record(string item, string subject) => item switch
    {
        "police.household" => new { name = "刘晓梅", idNumber = subject, householdNumber = "130123001234", address = "正定镇西关村3组12号", divisionCode = "130123100001" },
        "health.birth-medical-record" => new { childName = "张小满", birthDate = "2026-11-20", sex = "女", birthPlace = "正定县人民医院", birthCertificateNumber = "R130123001" },
        "insurance.enrolment" => new { scheme = "城乡居民基本医疗保险", enrolledSince = "2020-01-01", status = "参保缴费", maternityInsured = true },
        "market.enterprise" => new { name = "正定县矩阵商贸有限公司", legalRepresentative = "刘晓梅", address = "正定县常山路1号" },
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    private static string AnyField(string item) => item switch
    {
        "police.household" or "market.enterprise" => "name",
        "health.birth-medical-record" => "childName",
        _ => "scheme",
    };

    /// <summary>One signed-in session per account and app, kept across rows: signing in is not what this test is about.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OneWindowApp, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<HttpClient>>>> Sessions = [];

    private Task<HttpClient> SessionAsync(string account) =>
        Sessions.GetOrCreateValue(app).GetOrAdd(account, a => new Lazy<Task<HttpClient>>(() => app.SignedInAsync(a))).Value;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_operation_is_allowed_exactly_to_those_the_rules_name(string item, string operation, string account, bool allowed)
    {
        var id = NewSubject(item);
        var purpose = $"矩阵 {Guid.NewGuid():N}";
        var (ownerDepartment, _, consumerName, _) = Items[item];
        var consumer = await app.WithDbAsync(db => db.Units.Where(u => u.Name == consumerName).Select(u => u.Id).SingleAsync());
        var admin = await SessionAsync("admin");
        var owner = await SessionAsync(Accounts.First(a => a.Value is { Admin: true, Level: <= County } p && p.Department == ownerDepartment).Key);
        var writer = await SessionAsync(Accounts.First(a => a.Value?.Department == ownerDepartment).Key);
        var written = await writer.PutAsJsonAsync($"/api/data/items/{item}/records", new { subject = id, data = Record(item, id) });
        Assert.True(written.StatusCode == HttpStatusCode.OK, await written.Content.ReadAsStringAsync());
        var recordId = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordId").GetGuid();
        var grantRequest = new { itemCode = item, consumerUnitId = consumer, fields = new[] { AnyField(item) }, purpose, expiresAt = TimeProvider.System.GetUtcNow().AddDays(1) };
        var asked = await admin.PostAsJsonAsync("/api/data/grants", grantRequest);
        var grant = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        if (operation is "read" or "batch-read" or "revoke-grant" or "subscribe" or "cancel-subscription" or "replay-subscription")
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true })).StatusCode);
        }
        Guid? subscription = null;
        if (operation is "subscribe" or "cancel-subscription" or "replay-subscription")
        {
            // The consumer's system, so that it may subscribe (nothing is delivered to it in this test).
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/units/{consumer}/endpoint", new { url = "https://127.0.0.1:9/events", rotateSecret = true })).StatusCode);
        }
        if (operation is "cancel-subscription" or "replay-subscription")
        {
            var subscribed = await admin.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant });
            subscription = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var caller = await SessionAsync(account);
        using var response = operation switch
        {
            "write" => await caller.PutAsJsonAsync($"/api/data/items/{item}/records", new { subject = id, data = Record(item, id) }),
            "read" => await caller.PostAsJsonAsync($"/api/data/items/{item}/reads", new { subject = id, purpose }),
            "batch-read" => await caller.PostAsJsonAsync($"/api/data/items/{item}/reads/batch", new { subjects = new[] { id }, purpose }),
            "request-grant" => await caller.PostAsJsonAsync("/api/data/grants", grantRequest),
            "decide-grant" => await caller.PostAsJsonAsync($"/api/data/grants/{grant}/decision", new { approve = true }),
            "revoke-grant" => await caller.PostAsJsonAsync($"/api/data/grants/{grant}/revoke", new { note = "矩阵测试" }),
            "list-items" => await caller.GetAsync("/api/data/items"),
            "subscribe" => await caller.PostAsJsonAsync("/api/data/subscriptions", new { grantId = grant }),
            "cancel-subscription" => await caller.PostAsync($"/api/data/subscriptions/{subscription}/cancel", null),
            "replay-subscription" => await caller.PostAsJsonAsync($"/api/data/subscriptions/{subscription}/replay", new { fromSequence = 1 }),
            "deliveries" => await caller.GetAsync($"/api/data/records/{recordId}/deliveries"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        if (allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation} of {item} by {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{operation} of {item} by {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

public sealed class SharedDataMatrixTestsOnSqlite(SqliteApp app) : SharedDataMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class SharedDataMatrixTestsOnPostgres(PostgresApp app) : SharedDataMatrixTests(app), IClassFixture<PostgresApp>;
