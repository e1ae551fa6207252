using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>The supervision page: measures, the chart with its table, drill-down links and exports, in Chinese; for supervisors only.</summary>
public sealed class SupervisionPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_supervisor_sees_the_county_with_its_townships_chart_table_and_exports()
    {
        using var resident = await app.NewResidentAsync();
        await CertificateKit.ApplyAsync(resident);
        for (var i = 0; i < 200 && await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.SupervisionFacts, Ct)); i++)
        {
            await Task.Delay(50, Ct);
        }
        using var supervisor = await app.SignedInAsync("county-supervisor");
        var page = await supervisor.GetStringAsync("/Supervision", Ct);
        Assert.Contains("运行监管", page, StringComparison.Ordinal);
        Assert.Contains("按时办结率", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("下级区划明细", page, StringComparison.Ordinal);
        Assert.Contains($"division={DemoData.TownshipCode}", page, StringComparison.Ordinal);
        Assert.Contains("/api/supervision/export?table=cases&amp;format=xlsx", page, StringComparison.Ordinal);
        var township = await supervisor.GetStringAsync($"/Supervision?Division={DemoData.TownshipCode}", Ct);
        Assert.Contains("正定镇", township, StringComparison.Ordinal);
        var outside = await supervisor.GetStringAsync("/Supervision?Division=110000000000", Ct);
        Assert.Contains("不在您的监管范围内", outside, StringComparison.Ordinal);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var refused = await reviewer.GetAsync("/Supervision", Ct);
        Assert.NotEqual(System.Net.HttpStatusCode.OK, refused.StatusCode);
    }
}
