using System.Net;
using System.Net.Http.Json;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// The public home page says what one can do, searches the services in everyday words, shows what each bundle
/// saves and links to verification; 长辈版 (large type, fewer choices) is switched on every page and remembered.
/// </summary>
public sealed class HomePageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_visitor_sees_the_search_the_bundles_with_what_each_saves_and_verification()
    {
        using var visitor = app.Client();

        var home = WebUtility.HtmlDecode(await visitor.GetStringAsync("/"));

        Assert.Contains("您要办什么事？", home, StringComparison.Ordinal);
        Assert.Contains("action=\"/Catalog\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/Verify\"", home, StringComparison.Ordinal);
        Assert.Contains("出生一件事", home, StringComparison.Ordinal);
        Assert.Matches(@"\d+ 个事项一次办：少填 \d+ 张表，最多少跑 \d+ 趟", home);
        Assert.Matches(@"承诺 \d+ 个工作日办结（分别办理共 \d+ 个工作日）", home);
        Assert.DoesNotContain("NEWBORN<", home, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("生孩子", "出生医学证明")]
    [InlineData("开饭店", "食品经营许可")]
    [InlineData("上学", "居住证明")]
    [InlineData("residence", "居住证明")]
    public async Task Everyday_words_find_the_service(string said, string found)
    {
        using var visitor = app.Client();

        var page = WebUtility.HtmlDecode(await visitor.GetStringAsync($"/Catalog?q={Uri.EscapeDataString(said)}"));

        Assert.Contains(found, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elder_mode_is_switched_on_remembered_and_switched_off()
    {
        using var visitor = app.Client();
        Assert.Contains("长辈版", await visitor.GetStringAsync("/"), StringComparison.Ordinal);

        var on = await visitor.GetAsync("/Elder?on=true&returnUrl=%2FCatalog");
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.Equal("/Catalog", on.Headers.Location?.OriginalString);
        var home = WebUtility.HtmlDecode(await visitor.GetStringAsync("/"));
        var body = System.Text.RegularExpressions.Regex.Match(home, "<body[^>]*>").Value;
        Assert.True(body == "<body class=\"elder\">", body);
        Assert.Contains("常用服务", home, StringComparison.Ordinal);
        Assert.Contains("标准版", home, StringComparison.Ordinal);
        Assert.DoesNotContain("少填", home, StringComparison.Ordinal);   // fewer choices: the bundle list waits behind the catalog

        var off = await visitor.GetAsync("/Elder?on=false&returnUrl=https%3A%2F%2Felsewhere.example%2F");
        Assert.Equal("/", off.Headers.Location?.OriginalString);
        Assert.DoesNotContain("class=\"elder\"", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_in_elder_mode_gets_the_most_used_services_first()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        await resident.GetAsync("/Elder?on=true");

        var home = WebUtility.HtmlDecode(await resident.GetStringAsync("/"));

        var big = home.IndexOf("big-choices", StringComparison.Ordinal);
        Assert.True(big > 0);
        Assert.True(big < home.IndexOf("我的数据使用记录", StringComparison.Ordinal));
        Assert.Contains("开居住证明", home, StringComparison.Ordinal);
    }
}

/// <summary>A staff member's home says what needs their unit today, each count leading to the queue filtered by it.</summary>
public sealed class StaffHomeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_clerks_home_counts_what_waits_and_a_new_application_adds_one()
    {
        using var clerk = await app.SignedInAsync("village-clerk");
        static int Waiting(string home) => int.Parse(System.Text.RegularExpressions.Regex.Match(home, @"待受理 (\d+) 件").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var before = WebUtility.HtmlDecode(await clerk.GetStringAsync("/"));
        Assert.Contains("今天要办", before, StringComparison.Ordinal);
        Assert.Contains("href=\"/Workbench?due=overdue\"", before, StringComparison.Ordinal);
        Assert.Matches(@"一个工作日内到期 \d+ 件", before);

        using var resident = await app.NewResidentAsync();
        await OneWindow.Server.Tests.Certificates.CertificateKit.ApplyAsync(resident);
        var after = WebUtility.HtmlDecode(await clerk.GetStringAsync("/"));

        Assert.Equal(Waiting(before) + 1, Waiting(after));
    }

    [Fact]
    public async Task An_answered_supplement_comes_back_to_the_unit_and_the_clerk_sees_their_recent_work_with_dates_in_the_language()
    {
        using var resident = await app.NewResidentAsync();
        using var clerk = await app.SignedInAsync("village-clerk");
        static int Answered(string home) => int.Parse(System.Text.RegularExpressions.Regex.Match(home, @"申请人已补正、待继续办理 (\d+) 件").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var before = Answered(WebUtility.HtmlDecode(await clerk.GetStringAsync("/")));

        var created = await resident.PostAsJsonAsync("/api/cases", new
        {
            itemCode = "CERT-RESIDENCE", divisionCode = OneWindow.Seeding.DemoData.VillageCode,
            fields = new Dictionary<string, string> { ["purpose"] = "孩子入学", ["recipient"] = "正定县第一小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var (id, task) = (body.GetProperty("id").GetString(), body.GetProperty("tasks")[0].GetProperty("id").GetString());
        var url = $"/api/cases/{id}/tasks/{task}";
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"{url}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"{url}/supplement", new { fields = new[] { "address" }, note = "门牌号与户籍不一致" })).StatusCode);
        var home = WebUtility.HtmlDecode(await clerk.GetStringAsync("/"));
        Assert.Equal(before, Answered(home)); // asked, not yet answered
        var recent = home[home.IndexOf("我最近办理的", StringComparison.Ordinal)..];
        Assert.Contains($"/Workbench/Task/{id}/{task}", recent, StringComparison.Ordinal);
        Assert.Contains("要求补正", recent, StringComparison.Ordinal);
        Assert.Matches(@"· 20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d", recent);

        Assert.Equal(HttpStatusCode.OK, (await resident.PostAsJsonAsync($"{url}/answer", new { fields = new { address = "正定镇西关村3组14号" } })).StatusCode);
        home = WebUtility.HtmlDecode(await clerk.GetStringAsync("/"));
        Assert.Equal(before + 1, Answered(home));
        Assert.Contains("要求补正", home[home.IndexOf("我最近办理的", StringComparison.Ordinal)..], StringComparison.Ordinal); // the applicant's answer is not the clerk's work
        Assert.Contains($"/Workbench/Task/{id}/{task}", WebUtility.HtmlDecode(await clerk.GetStringAsync("/Workbench?answered=true")), StringComparison.Ordinal);

        var english = WebUtility.HtmlDecode(await clerk.GetStringAsync("/?culture=en"));
        Assert.Matches(@"\d+ supplemented by the applicant, to continue", english);
        Assert.Matches(@"· \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d, \d\d:\d\d", english[english.IndexOf("My recent work", StringComparison.Ordinal)..]);
        var detail = WebUtility.HtmlDecode(await resident.GetStringAsync($"/Cases/{id}?culture=en"));
        Assert.DoesNotContain("：", detail, StringComparison.Ordinal);
        Assert.Matches(@"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d", detail);
    }
}
