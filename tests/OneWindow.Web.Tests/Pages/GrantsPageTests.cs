using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// Shared-data grants from a page: a unit's admin asks for a grant of an item's fields for a purpose and a date;
/// the owner department's admin over it sees it waiting and approves it; the asking side sees it approved.
/// </summary>
public abstract class GrantsPageTests(OneWindowApp app)
{
    private static Task<string> PostAsync(HttpClient client, string handler, IEnumerable<KeyValuePair<string, string>> fields) =>
        PageForms.PostAsync(client, "/Data/Grants", handler, fields);

    [Fact]
    public async Task A_unit_admin_asks_and_the_owner_departments_admin_approves_on_the_page()
    {
        using var owner = await app.SignedInAsync("county-police-admin");
        var shown = await owner.GetStringAsync("/Data/Grants", TestContext.Current.CancellationToken);
        Assert.Contains(DemoData.HouseholdCheckPurpose, shown, StringComparison.Ordinal); // the demo grant, decided by this department
        Assert.Contains("正定县卫生健康局", shown, StringComparison.Ordinal);

        using var village = await app.SignedInAsync("village-admin");
        var purpose = $"村务核对 {Guid.NewGuid():N}";
        var expires = TimeProvider.System.GetLocalNow().AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var asked = await PostAsync(village, "Request", [new("itemCode", "police.household"), new("fields", "name"), new("fields", "address"), new("purpose", purpose), new("expires", expires)]);
        Assert.Contains("已提交授权申请", asked, StringComparison.Ordinal);
        var refused = await PostAsync(village, "Request", [new("itemCode", "police.household"), new("purpose", purpose), new("expires", expires)]);
        Assert.Contains("form-errors", refused, StringComparison.Ordinal); // no field chosen: said on the page

        var id = await app.WithDbAsync(db => db.DataGrants.AsNoTracking().Where(g => g.Purpose == purpose).Select(g => g.Id).SingleAsync());
        Assert.Contains(purpose, await owner.GetStringAsync("/Data/Grants", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var approved = await PostAsync(owner, "Decide", [new("id", id.ToString()), new("approve", "true")]);
        Assert.Contains("已批准。", approved, StringComparison.Ordinal);
        Assert.Equal(OneWindow.DataSharing.GrantState.Approved, await app.WithDbAsync(db => db.DataGrants.AsNoTracking().Where(g => g.Id == id).Select(g => g.State).SingleAsync()));

        // The health bureau's reviewer (no admin) sees no actions; another department's admin cannot decide.
        using var reviewer = await app.SignedInAsync("health-reviewer");
        Assert.DoesNotContain("handler=Decide", await reviewer.GetStringAsync("/Data/Grants", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}

public sealed class GrantsPageTestsOnSqlite(SqliteApp app) : GrantsPageTests(app), IClassFixture<SqliteApp>;

public sealed class GrantsPageTestsOnPostgres(PostgresApp app) : GrantsPageTests(app), IClassFixture<PostgresApp>;
