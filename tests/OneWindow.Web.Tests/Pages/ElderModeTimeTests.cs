using System.Net;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Calendar;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// 长辈版 has no time-outs while a form is filled: an older person may leave the application form open for most of
/// a working day and still send it, with what they typed kept; only a sign-in left idle longer than eight hours ends.
/// </summary>
public sealed class ElderModeTimeTests(December2026SqliteApp app) : IClassFixture<December2026SqliteApp>
{
    [Fact]
    public async Task A_form_left_open_for_seven_hours_in_elder_mode_still_sends_with_what_was_typed()
    {
        using var resident = await app.NewResidentAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync("/Elder?on=true", TestContext.Current.CancellationToken)).StatusCode);
        const string page = "/Certificates/Apply/CERT-RESIDENCE";
        var html = await resident.GetStringAsync(page, TestContext.Current.CancellationToken);
        Assert.Contains("class=\"elder\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.OrdinalIgnoreCase);
        var form = HtmlForms.Collect(html, f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase) && f.QuerySelector("[name=DivisionCode]") is not null)
            .Set("DivisionCode", DemoData.VillageCode).Set("Values[residentSince]", "2015-03-01");

        app.Clock.Advance(TimeSpan.FromHours(7));
        var sent = await resident.PostAsync(page, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        var body = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode); // the form again with what is still missing — not the sign-in page
        Assert.Contains("请更正以下问题", body, StringComparison.Ordinal);
        Assert.Contains("2015-03-01", body, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(9)); // idle past the sign-in's eight hours: that, and only that, ends
        var later = await resident.GetAsync(page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Contains("/Account/Login", later.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
