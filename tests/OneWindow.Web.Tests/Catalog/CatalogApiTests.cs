using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Catalog;

public abstract class CatalogApiTests(OneWindowApp app)
{
    [Fact]
    public async Task Anyone_browses_items_and_bundles()
    {
        using var client = app.Client();

        var items = await client.GetFromJsonAsync<JsonElement>("/api/catalog/items?q=居住");
        var item = await client.GetFromJsonAsync<JsonElement>("/api/catalog/items/CERT-RESIDENCE");
        var newborn = await client.GetFromJsonAsync<JsonElement>("/api/catalog/bundles/NEWBORN");

        Assert.Contains(items.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "CERT-RESIDENCE");
        Assert.Equal("village-committee", item.GetProperty("department").GetString());
        Assert.Equal("residence", item.GetProperty("output").GetProperty("certificateType").GetString());
        Assert.Contains(newborn.GetProperty("prerequisites").EnumerateArray(), p =>
            p.GetProperty("item").GetString() == "HOUSEHOLD-REG-BIRTH" && p.GetProperty("requires").GetString() == "BIRTH-MEDICAL-CERT");
    }

    [Fact]
    public async Task A_platform_admin_edits_an_item()
    {
        using var admin = await app.SignedInAsync("admin");
        var item = (await admin.GetFromJsonAsync<JsonObject>("/api/catalog/items/CERT-FAMILY-ECONOMIC"))!;
        item["timeLimitDays"] = 2;

        var saved = await admin.PutAsJsonAsync("/api/catalog/items/CERT-FAMILY-ECONOMIC", item);
        var reread = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/CERT-FAMILY-ECONOMIC");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, reread.GetProperty("timeLimitDays").GetInt32());
    }

    [Fact]
    public async Task An_edit_that_would_break_a_bundle_is_refused_and_changes_nothing()
    {
        using var admin = await app.SignedInAsync("admin");
        var before = await admin.GetStringAsync("/api/catalog/items/HOUSEHOLD-REG-BIRTH");
        var item = JsonNode.Parse(before)!.AsObject();
        var fields = item["fields"]!.AsArray();
        var required = fields.First(f => f!["required"]?.GetValue<bool>() == true)!;
        fields.Remove(required);

        var response = await admin.PutAsJsonAsync("/api/catalog/items/HOUSEHOLD-REG-BIRTH", item);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await admin.GetStringAsync("/api/catalog/items/HOUSEHOLD-REG-BIRTH"));
    }

    [Fact]
    public async Task Only_platform_admins_edit()
    {
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var anonymous = app.Client();
        var item = await anonymous.GetStringAsync("/api/catalog/items/CERT-RESIDENCE");

        await ProblemAssert.IsProblemAsync(await reviewer.PutAsync("/api/catalog/items/CERT-RESIDENCE", new StringContent(item, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await anonymous.PutAsync("/api/catalog/items/CERT-RESIDENCE", new StringContent(item, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Export_then_import_round_trips_and_a_cyclic_bundle_is_refused()
    {
        using var admin = await app.SignedInAsync("admin");
        var exported = await admin.GetStringAsync("/api/catalog/export");

        var reimported = await admin.PostAsync("/api/catalog/import", new StringContent(exported, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
        Assert.Equal(exported, await admin.GetStringAsync("/api/catalog/export"));

        var document = JsonNode.Parse(exported)!.AsObject();
        var newborn = document["bundles"]!.AsArray().First(b => b!["code"]!.GetValue<string>() == "NEWBORN")!;
        newborn["prerequisites"]!.AsArray().Add(new JsonObject { ["item"] = "BIRTH-MEDICAL-CERT", ["requires"] = "MEDICAL-INSURANCE-ENROL" });
        var cyclic = await admin.PostAsync("/api/catalog/import", new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(cyclic, HttpStatusCode.BadRequest);
        Assert.Contains("形成循环", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(exported, await admin.GetStringAsync("/api/catalog/export"));
    }

    [Fact]
    public async Task Unknown_items_are_404_problems()
    {
        using var client = app.Client();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/catalog/items/NO-SUCH-ITEM"), HttpStatusCode.NotFound);
    }
}

public sealed class CatalogApiTestsOnSqlite(SqliteApp app) : CatalogApiTests(app), IClassFixture<SqliteApp>;

public sealed class CatalogApiTestsOnPostgres(PostgresApp app) : CatalogApiTests(app), IClassFixture<PostgresApp>;
