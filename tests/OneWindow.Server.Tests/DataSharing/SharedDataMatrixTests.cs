using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.DataSharing;

/// <summary>
/// Every shared-data operation × accounts of every kind of relation to <c>police.household</c> (owned by the
/// police) and to the consumer of its grant (the county health bureau): the owner's staff at two levels and its
/// county admin, the consumer's reviewer and admin, a health unit without the grant, other departments' staff and admins, the
/// platform admin, a resident. The expectations are the rules written out again, not read from the code; a
/// refusal is 403 or 404 (404 where the caller may not even learn that the grant exists).
/// </summary>
public abstract class SharedDataMatrixTests(OneWindowApp app)
{
    private const string Item = "police.household";

    public static TheoryData<string, string, bool> Matrix()
    {
        var accounts = new[]
        {
            "police-reviewer", "county-police-reviewer", "county-police-admin", "health-reviewer", "county-health-admin", "township-health-reviewer",
            "village-clerk", "village-admin", "county-admin", "admin", DemoData.ResidentIdNumber,
        };
        var data = new TheoryData<string, string, bool>();
        foreach (var operation in new[] { "write", "read", "request-grant", "decide-grant", "revoke-grant", "list-items", "subscribe", "cancel-subscription", "replay-subscription", "deliveries" })
        {
            foreach (var account in accounts)
            {
                data.Add(operation, account, Allowed(operation, account));
            }
        }
        return data;
    }

    private static bool Allowed(string operation, string account) => operation switch
    {
        // Staff of any police unit write police records.
        "write" => account is "police-reviewer" or "county-police-reviewer" or "county-police-admin",
        // Only the unit holding the grant reads under it (any of its staff).
        "read" => account is "health-reviewer" or "county-health-admin",
        // Asked for by the consumer's side: its admin, an admin above it on its line, or a platform admin.
        "request-grant" => account is "admin" or "county-health-admin",
        // Decided only by an admin of the owner department over the consumer's division.
        "decide-grant" => account == "county-police-admin",
        // Revoked by either side's admins.
        "revoke-grant" => account is "county-police-admin" or "admin" or "county-health-admin",
        // Subscribed to by the consumer's side, like the grant.
        "subscribe" => account is "admin" or "county-health-admin",
        // Cancelled or replayed by the consumer's side or an admin of the owner department over the consumer.
        "cancel-subscription" or "replay-subscription" => account is "admin" or "county-health-admin" or "county-police-admin",
        // A record's deliveries are seen by the owner department's staff (those who write it).
        "deliveries" => account is "police-reviewer" or "county-police-reviewer" or "county-police-admin",
        // Published to staff of any department.
        "list-items" => account != DemoData.ResidentIdNumber,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static object Record(string id) => new { name = "刘晓梅", idNumber = id, householdNumber = "130123001234", address = "正定镇西关村3组12号", divisionCode = "130123100001" };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_operation_is_allowed_exactly_to_those_the_rules_name(string operation, string account, bool allowed)
    {
        var id = OneWindowApp.NewIdNumber();
        var purpose = $"矩阵 {Guid.NewGuid():N}";
        var consumer = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "正定县卫生健康局").Select(u => u.Id).SingleAsync());
        using var admin = await app.SignedInAsync("admin");
        using var owner = await app.SignedInAsync("county-police-admin");
        using var police = await app.SignedInAsync("police-reviewer");
        var written = await police.PutAsJsonAsync($"/api/data/items/{Item}/records", new { subject = id, data = Record(id) });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var recordId = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordId").GetGuid();
        var grantRequest = new { itemCode = Item, consumerUnitId = consumer, fields = new[] { "name" }, purpose, expiresAt = TimeProvider.System.GetUtcNow().AddDays(1) };
        var asked = await admin.PostAsJsonAsync("/api/data/grants", grantRequest);
        var grant = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        if (operation is "read" or "revoke-grant" or "subscribe" or "cancel-subscription" or "replay-subscription")
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

        using var caller = await app.SignedInAsync(account);
        using var response = operation switch
        {
            "write" => await caller.PutAsJsonAsync($"/api/data/items/{Item}/records", new { subject = id, data = Record(id) }),
            "read" => await caller.PostAsJsonAsync($"/api/data/items/{Item}/reads", new { subject = id, purpose }),
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
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation} by {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{operation} by {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

public sealed class SharedDataMatrixTestsOnSqlite(SqliteApp app) : SharedDataMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class SharedDataMatrixTestsOnPostgres(PostgresApp app) : SharedDataMatrixTests(app), IClassFixture<PostgresApp>;
