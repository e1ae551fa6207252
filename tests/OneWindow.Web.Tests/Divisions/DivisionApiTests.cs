using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Divisions;

public abstract class DivisionApiTests(OneWindowApp app)
{
    [Fact]
    public async Task Shijiazhuang_stats_count_every_level_below_it()
    {
        using var client = app.Client();

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/divisions/1301/stats");

        var counts = stats.EnumerateArray().ToDictionary(e => e.GetProperty("level").GetString()!, e => e.GetProperty("count").GetInt32());
        Assert.Equal(24, counts["county"]);
        Assert.Equal(280, counts["township"]);
        Assert.Equal(5152, counts["village"]);
    }

    [Fact]
    public async Task A_village_shows_its_path_to_the_province()
    {
        using var client = app.Client();

        var village = await client.GetFromJsonAsync<JsonElement>("/api/divisions/130123100201");

        var path = village.GetProperty("path").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["河北省", "石家庄市", "正定县", "正定镇", "西关村民委员会"], path);
    }

    [Fact]
    public async Task Children_and_name_search_work()
    {
        using var client = app.Client();

        var children = await client.GetFromJsonAsync<JsonElement>("/api/divisions/130123100000/children");
        var search = await client.GetFromJsonAsync<JsonElement>("/api/divisions?q=西关&within=1301&level=village");

        Assert.Contains(children.EnumerateArray(), c => c.GetProperty("code").GetString() == "130123100201");
        Assert.Contains(search.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "130123100201");
        // Each result says where it is, so that people tell the many 西关 villages apart.
        var xiguan = search.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "130123100201");
        Assert.Equal("河北省 石家庄市 正定县 正定镇", xiguan.GetProperty("place").GetString());
        Assert.All(search.GetProperty("items").EnumerateArray(), c => Assert.StartsWith("1301", c.GetProperty("code").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_is_paged()
    {
        using var client = app.Client();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/divisions?q=社区&pageSize=10");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/divisions?q=社区&pageSize=10&page=2");

        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("total").GetInt32() > 20);
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("code").GetString(), second.GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/divisions?q=", "q")]
    [InlineData("/api/divisions?q=石家庄&pageSize=5000", "pageSize")]
    [InlineData("/api/divisions?q=石家庄&within=12345", "within")]
    [InlineData("/api/divisions?q=石家庄&level=planet", "level")]
    public async Task Bad_search_parameters_are_field_errors(string url, string field)
    {
        using var client = app.Client();

        await ProblemAssert.HasFieldErrorAsync(await client.GetAsync(url), field);
    }

    [Fact]
    public async Task Unbindable_parameters_are_400_problems_not_500()
    {
        using var client = app.Client();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/divisions?q=石家庄&page=abc"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_codes_are_404_problems()
    {
        using var client = app.Client();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/divisions/999999"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/divisions/abc/stats"), HttpStatusCode.NotFound);
    }
}

public sealed class DivisionApiTestsOnSqlite(SqliteApp app) : DivisionApiTests(app), IClassFixture<SqliteApp>;

public sealed class DivisionApiTestsOnPostgres(PostgresApp app) : DivisionApiTests(app), IClassFixture<PostgresApp>;
