using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Ratings;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// 好差评 in the pages: the applicant rates on the case page and changes it; the invitation's page rates without signing
/// in, once; the unit's page shows the smile index (chart and table) and what was said, never who; a 差评's rectification
/// is verified, called back and closed on its page, in Chinese, with errors named by their labels.
/// </summary>
public sealed class RatingPagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Resident, string Id)> ApprovedAsync()
    {
        var resident = await app.NewResidentAsync();
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;
        using var reviewer = await app.SignedInAsync("village-reviewer");
        await CertificateKit.ApproveAsync(reviewer, id);
        return (resident, id);
    }

    [Fact]
    public async Task The_applicant_rates_on_the_case_page_and_a_poor_rating_is_rectified_on_the_units_pages()
    {
        var (resident, id) = await ApprovedAsync();
        using var owned = resident;
        var page = await resident.GetStringAsync($"/Cases/{id}", Ct);
        Assert.Contains("评价本次服务", page, StringComparison.Ordinal);
        Assert.Contains("办事效率", page, StringComparison.Ordinal);
        Assert.Contains("受理环节", page, StringComparison.Ordinal);

        var bad = await PageForms.PostAsync(resident, $"/Cases/{id}", "Rate", [new("stage", "Completion"), new("comment", "太慢了")]);
        Assert.Contains("整体满意度：请从五个等级中选择一个", bad, StringComparison.Ordinal);
        var done = await PageForms.PostAsync(resident, $"/Cases/{id}", "Rate",
            [new("stage", "Completion"), new("level", "1"), new("scores.efficiency", "1"), new("comment", "<script>alert(1)</script>等了很久")]);
        Assert.Contains("感谢您的评价。", done, StringComparison.Ordinal);
        Assert.Contains("非常不满意", done, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", done, StringComparison.Ordinal);

        using var village = await app.SignedInAsync("village-reviewer");
        var list = await village.GetStringAsync("/Units/Rectifications?Open=true", Ct);
        Assert.Contains("整改中", list, StringComparison.Ordinal);
        var rid = await app.WithDbAsync(db => db.Rectifications.Where(r => r.ApplicationId == Guid.Parse(id)).Select(r => r.Id).SingleAsync(Ct));
        var detail = await village.GetStringAsync($"/Units/Rectifications/{rid}", Ct);
        Assert.Contains("&lt;script&gt;", detail, StringComparison.Ordinal); // the comment is shown escaped
        var refused = await PageForms.PostAsync(village, $"/Units/Rectifications/{rid}", "Close", [new("fix", "已改"), new("version", "0")]);
        Assert.Contains("请先登记回访情况", refused, StringComparison.Ordinal);
        var today = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var called = await PageForms.PostAsync(village, $"/Units/Rectifications/{rid}", "Callback", [new("calledBackOn", today), new("outcome", "已致电说明原因"), new("renewedLevel", "3")]);
        Assert.Contains("回访已记录。", called, StringComparison.Ordinal);
        var version = await app.WithDbAsync(db => db.Rectifications.Where(r => r.Id == rid).Select(r => r.Version).SingleAsync(Ct));
        var closed = await PageForms.PostAsync(village, $"/Units/Rectifications/{rid}", "Close", [new("fix", "优化了审核流程"), new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Contains("整改已办结。", closed, StringComparison.Ordinal);
        Assert.Contains("已整改办结", closed, StringComparison.Ordinal);

        var ratings = await village.GetStringAsync("/Units/Ratings", Ct);
        Assert.Contains("微笑指数", ratings, StringComparison.Ordinal);
        Assert.Contains("<svg", ratings, StringComparison.Ordinal);
        Assert.Contains("评价不足 30 条", ratings, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", ratings, StringComparison.Ordinal);
        Assert.DoesNotContain(id, ratings, StringComparison.Ordinal);
        Assert.DoesNotContain("刘晓梅", ratings, StringComparison.Ordinal);
        using var supervisor = await app.SignedInAsync("county-supervisor");
        var byDivision = await supervisor.GetStringAsync("/Units/Ratings?By=division", Ct);
        Assert.Contains("<table", byDivision, StringComparison.Ordinal);
        var outside = await supervisor.GetStringAsync("/Units/Ratings?Division=110000000000", Ct);
        Assert.Contains("不在您的监管范围内", outside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invitation_page_rates_once_without_signing_in()
    {
        var (resident, id) = await ApprovedAsync();
        using var owned = resident;
        var token = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<OneWindowDb>();
            var clock = s.GetRequiredService<TimeProvider>();
            var link = new RatingLink { ApplicationId = Guid.Parse(id), Stage = RatingStage.Completion, ExpiresAt = clock.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds() };
            db.RatingLinks.Add(link);
            await db.SaveChangesAsync(Ct);
            return RatingLinks.Token(s.GetRequiredService<OneWindow.Security.KeyEncryption>(), link.Id, link.ExpiresAt);
        });
        using var anonymous = app.Client();
        var page = await anonymous.GetStringAsync($"/Rate/{token}", Ct);
        Assert.Contains("居住证明", page, StringComparison.Ordinal);
        Assert.Contains("无需登录", page, StringComparison.Ordinal);
        var thanked = await PageForms.PostAsync(anonymous, $"/Rate/{token}", "", [new("stage", "Acceptance"), new("level", "5"), new("scores.convenience", "5")]);
        Assert.Contains("感谢您的评价", thanked, StringComparison.Ordinal);
        var again = await anonymous.GetAsync($"/Rate/{token}", Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已使用过", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var wrong = await anonymous.GetAsync($"/Rate/{token[..^2]}xy", Ct);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        var rating = await app.WithDbAsync(db => db.Ratings.AsNoTracking().SingleAsync(r => r.ApplicationId == Guid.Parse(id), Ct));
        Assert.Equal((RatingStage.Completion, RatingChannel.Link, 5), (rating.Stage, rating.Channel, rating.Scores["convenience"]));
        var shown = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ratings", Ct);
        Assert.Equal(1, shown.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "completion").GetProperty("versions").GetArrayLength());
    }
}
