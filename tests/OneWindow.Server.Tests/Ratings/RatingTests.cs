using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Ratings;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ratings;

/// <summary>
/// 好差评 end to end: the applicant rates each stage once (a change is a new version, each in the ledger); bad ratings are
/// refused with reasons and write nothing; two at once make one; a 差评 opens a rectification that the unit and the units
/// above handle and that closes only after a callback (two closing at once: one wins); the rated unit reads what was said,
/// never who said it; the smile index gives counts and an interval and keeps each supervisor to their subtree; an
/// invitation's link rates once without signing in and reaches nothing else.
/// </summary>
public abstract class RatingTests(OneWindowApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TimeProvider Clock => app.Services.GetRequiredService<TimeProvider>();

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetLocalNow().DateTime);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A new resident's residence-certificate application, approved (or refused) by the village.</summary>
    private async Task<(HttpClient Resident, string Id)> FinishedAsync(bool refuse = false)
    {
        var resident = await app.NewResidentAsync();
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;
        if (refuse)
        {
            await JsonAsync(await reviewer.PostAsJsonAsync($"/api/applications/{id}/refuse", new { reason = "住址材料与户籍不符" }, Ct), HttpStatusCode.OK);
        }
        else
        {
            await CertificateKit.ApproveAsync(reviewer, id);
        }
        return (resident, id);
    }

    private Task<int> RatingsOfAsync(string id) => app.WithDbAsync(db => db.Ratings.CountAsync(r => r.ApplicationId == Guid.Parse(id), Ct));

    [Fact]
    public async Task A_stage_is_rated_once_a_change_is_a_new_version_and_each_is_in_the_ledger()
    {
        var resident = await app.NewResidentAsync();
        using var owned = resident;
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;
        var early = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 5 }, Ct), HttpStatusCode.Conflict);
        Assert.Contains("办结后", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var reviewer = await app.SignedInAsync("village-reviewer"))
        {
            await CertificateKit.ApproveAsync(reviewer, id);
        }

        var first = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings",
            new { stage = "completion", level = 5, scores = new Dictionary<string, int> { ["efficiency"] = 5, ["convenience"] = 4 }, comment = "很快，<b>谢谢</b>" }, Ct), HttpStatusCode.Created);
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal("非常满意", first.GetProperty("levelName").GetString());
        Assert.Equal("online-2019", first.GetProperty("indicatorSetId").GetString());
        var again = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 1 }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("rated", again.GetProperty("current").GetString());
        var changed = await JsonAsync(await resident.PutAsJsonAsync($"/api/cases/{id}/ratings/completion", new { level = 4 }, Ct), HttpStatusCode.Created);
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        var acceptance = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "acceptance", level = 4, channel = "phone" }, Ct), HttpStatusCode.Created);
        Assert.Equal("phone", acceptance.GetProperty("channel").GetString());

        var view = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/ratings", Ct);
        var completion = view.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "completion");
        Assert.Equal([1, 2], completion.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("很快，<b>谢谢</b>", completion.GetProperty("versions")[0].GetProperty("comment").GetString());

        // The ledger holds each version's content hash, and the hash is the stored rating's.
        await app.LedgerDrainedAsync();
        var ids = new[] { first, changed, acceptance }.Select(r => $"rating:{r.GetProperty("id").GetString()}").ToList();
        var logged = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Type == "rating.recorded" && ids.Contains(e.Subject)).CountAsync(Ct));
        Assert.Equal(3, logged);
        var stored = await app.WithDbAsync(db => db.Ratings.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(first.GetProperty("id").GetString()!), Ct));
        Assert.Equal(stored.ContentHash, RateApplication.Hashed(stored).ContentHash);
        Assert.Equal(first.GetProperty("contentHash").GetString(), stored.ContentHash);
    }

    [Fact]
    public async Task Bad_ratings_get_clear_errors_and_write_nothing()
    {
        var (resident, id) = await FinishedAsync();
        using var owned = resident;
        using var stranger = await app.NewResidentAsync();
        await JsonAsync(await stranger.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 5 }, Ct), HttpStatusCode.NotFound);
        using var staff = await app.SignedInAsync("village-reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 5 }, Ct)).StatusCode);

        async Task FieldErrorAsync(object body, string field, string words)
        {
            var problem = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", body, Ct), HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), problem.ToString());
            Assert.Contains(words, messages[0].GetString(), StringComparison.Ordinal);
        }
        await FieldErrorAsync(new { stage = "completion", level = 0 }, "level", "五个等级");
        await FieldErrorAsync(new { stage = "later", level = 5 }, "stage", "办结");
        await FieldErrorAsync(new { stage = "completion", level = 5, scores = new Dictionary<string, int> { ["attitude"] = 5 } }, "scores.attitude", "办事效率");
        await FieldErrorAsync(new { stage = "completion", level = 5, scores = new Dictionary<string, int> { ["efficiency"] = 9 } }, "scores.efficiency", "五个等级");
        await FieldErrorAsync(new { stage = "completion", level = 5, comment = new string('好', 501) }, "comment", "500");
        // A megabyte of comment is refused before it is read, in Chinese, as every request over the limit is.
        var huge = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 5, comment = new string('好', 1024 * 1024) }, Ct), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("未保存", huge.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await FieldErrorAsync(new { stage = "completion", level = 1, comment = "办得好\u202E差" }, "comment", "文字方向");
        await FieldErrorAsync(new { stage = "completion", level = 1, comment = "a\u0007b" }, "comment", "控制字符");
        await FieldErrorAsync(new { stage = "completion", level = 5, channel = "link" }, "channel", "窗口");
        Assert.Equal(0, await RatingsOfAsync(id));
        Assert.Equal(0, await app.WithDbAsync(db => db.Rectifications.CountAsync(r => r.ApplicationId == Guid.Parse(id), Ct)));
    }

    [Fact]
    public async Task The_same_rating_sent_twice_at_once_makes_one()
    {
        var (resident, id) = await FinishedAsync();
        using var owned = resident;
        using var other = app.Client();
        // The same person on a second device (a second session of the same account).
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 2, comment = "等了很久" }, Ct)));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], statuses.Select(s => s.StatusCode).Order());
        Assert.Equal(1, await RatingsOfAsync(id));
        // One 差评, one rectification for the unit that handled it.
        Assert.Equal(1, await app.WithDbAsync(db => db.Rectifications.CountAsync(r => r.ApplicationId == Guid.Parse(id), Ct)));
    }

    [Fact]
    public async Task A_poor_rating_opens_a_rectification_that_closes_only_after_a_callback_and_one_of_two_closing_at_once_wins()
    {
        var (resident, id) = await FinishedAsync(refuse: true);
        using var owned = resident;
        var rated = await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 1, comment = "跑了三趟还是没办成" }, Ct), HttpStatusCode.Created);
        using var village = await app.SignedInAsync("village-reviewer");
        using var township = await app.SignedInAsync("township-admin");
        using var police = await app.SignedInAsync("police-reviewer");

        var listed = await village.GetFromJsonAsync<JsonElement>("/api/rectifications?open=true&pageSize=200", Ct);
        var mine = listed.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("applicationId").GetString() == id);
        var rid = mine.GetProperty("id").GetString()!;
        Assert.Equal("跑了三趟还是没办成", mine.GetProperty("comment").GetString());
        var opened = DateOnly.Parse(mine.GetProperty("openedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var calendar = await app.WithScopeAsync(s => s.GetRequiredService<OneWindow.Calendar.CalendarCache>().GetAsync(s.GetRequiredService<OneWindowDb>(), Ct));
        if (calendar.Covers(opened.Year + 1) || opened.Month < 11)
        {
            Assert.Equal(calendar.Due(opened, 15).Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), mine.GetProperty("dueDate").GetString());
        }
        // The unit above sees it; a unit off the line does not; residents are not staff.
        Assert.Equal(HttpStatusCode.OK, (await township.GetAsync($"/api/rectifications/{rid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/rectifications/{rid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.PostAsJsonAsync($"/api/rectifications/{rid}/verification", new { finding = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/rectifications", Ct)).StatusCode);
        // The unit is told, in its inbox.
        var inbox = await village.GetFromJsonAsync<JsonElement>("/api/me/notifications?pageSize=100", Ct);
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("event").GetString() == "rectification-opened" && n.GetProperty("link").GetString() == $"/Units/Rectifications/{rid}");

        var early = await JsonAsync(await village.PostAsJsonAsync($"/api/rectifications/{rid}/closure", new { fix = "已整改" }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("not-called-back", early.GetProperty("current").GetString());
        await JsonAsync(await village.PostAsJsonAsync($"/api/rectifications/{rid}/verification", new { finding = "申请人户籍已迁入，材料核对有误" }, Ct), HttpStatusCode.OK);
        var future = Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await JsonAsync(await village.PostAsJsonAsync($"/api/rectifications/{rid}/callback", new { calledBackOn = future, outcome = "已电话说明" }, Ct), HttpStatusCode.BadRequest);
        var called = await JsonAsync(await village.PostAsJsonAsync($"/api/rectifications/{rid}/callback",
            new { calledBackOn = mine.GetProperty("openedOn").GetString(), outcome = "已电话致歉并重新受理", renewedLevel = 4 }, Ct), HttpStatusCode.OK);
        Assert.Equal("satisfied", called.GetProperty("renewedLevel").GetString());

        var closing = await Task.WhenAll(
            village.PostAsJsonAsync($"/api/rectifications/{rid}/closure", new { fix = "重新核对材料后已出具证明" }, Ct),
            township.PostAsJsonAsync($"/api/rectifications/{rid}/closure", new { fix = "督促村委会重新办理" }, Ct));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], closing.Select(c => c.StatusCode).Order());
        var closed = await township.GetFromJsonAsync<JsonElement>($"/api/rectifications/{rid}", Ct);
        Assert.Equal("closed", closed.GetProperty("state").GetString());

        // The unit reads what was said of it: no rater, no case.
        var unitId = await app.WithDbAsync(db => db.Rectifications.Where(r => r.Id == Guid.Parse(rid)).Select(r => r.UnitId).SingleAsync(Ct));
        var said = await JsonAsync(await village.GetAsync($"/api/units/{unitId}/ratings?pageSize=200", Ct), HttpStatusCode.OK);
        var row = said.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetString() == rated.GetProperty("id").GetString());
        Assert.Equal("跑了三趟还是没办成", row.GetProperty("comment").GetString());
        Assert.False(row.TryGetProperty("applicationId", out _));
        Assert.False(row.TryGetProperty("raterId", out _));
        Assert.DoesNotContain(id, said.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync($"/api/units/{unitId}/ratings", Ct)).StatusCode);
        // …and cannot change it: the applicant's endpoints are not theirs.
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PutAsJsonAsync($"/api/cases/{id}/ratings/completion", new { level = 5 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_overdue_rectification_is_escalated_once_to_the_unit_above()
    {
        var (resident, id) = await FinishedAsync(refuse: true);
        using var owned = resident;
        await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 2 }, Ct), HttpStatusCode.Created);
        var rid = await app.WithDbAsync(db => db.Rectifications.Where(r => r.ApplicationId == Guid.Parse(id)).Select(r => r.Id).SingleAsync(Ct));
        var today = Today;
        await app.WithDbAsync(db => db.Rectifications.Where(r => r.Id == rid).ExecuteUpdateAsync(u => u.SetProperty(r => r.DueDate, today.AddDays(-1)), Ct));
        var first = await app.WithDbAsync(db => Rectifications.EscalateOverdueAsync(db, Clock.GetUtcNow(), today, Ct));
        Assert.True(first >= 1);
        Assert.Equal(0, await app.WithDbAsync(async db => await db.Rectifications.CountAsync(r => r.Id == rid && r.EscalatedAt == null, Ct)));
        await app.WithDbAsync(db => Rectifications.EscalateOverdueAsync(db, Clock.GetUtcNow(), today, Ct));
        using var township = await app.SignedInAsync("township-admin");
        var seen = await township.GetFromJsonAsync<JsonElement>($"/api/rectifications/{rid}", Ct);
        Assert.True(seen.GetProperty("overdue").GetBoolean());
        Assert.False(string.IsNullOrEmpty(seen.GetProperty("escalatedTo").GetString()));
        var notes = await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Key == $"rectification:{rid}:overdue", Ct));
        Assert.Equal(2, notes); // the unit and the unit above, once
    }

    [Fact]
    public async Task The_smile_index_gives_counts_and_an_interval_and_keeps_a_supervisor_to_their_subtree()
    {
        var (resident, id) = await FinishedAsync();
        using var owned = resident;
        await JsonAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/ratings", new { stage = "completion", level = 5 }, Ct), HttpStatusCode.Created);
        using var supervisor = await app.SignedInAsync("county-supervisor");
        var smile = await JsonAsync(await supervisor.GetAsync("/api/ratings/smile?by=unit", Ct), HttpStatusCode.OK);
        var all = smile.GetProperty("all");
        Assert.True(all.GetProperty("total").GetInt32() >= 1);
        if (all.GetProperty("total").GetInt32() < 30)
        {
            Assert.False(all.TryGetProperty("share", out _)); // never a bare share under 30
            Assert.False(all.GetProperty("enough").GetBoolean());
        }
        Assert.InRange(all.GetProperty("low").GetDouble(), 0, all.GetProperty("high").GetDouble());
        Assert.Contains(smile.GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString()!.Length > 0 && !Guid.TryParse(g.GetProperty("name").GetString(), out _));
        var byDivision = await JsonAsync(await supervisor.GetAsync($"/api/ratings/smile?by=division&division={DemoData.VillageCode[..6]}000000", Ct), HttpStatusCode.OK);
        Assert.NotEmpty(byDivision.GetProperty("groups").EnumerateArray());
        // A subtree's totals come from the division rollup, its groups from the unit × item counts: they agree, at the
        // county, the village and a period of whole months.
        foreach (var query in new[] { "by=unit", $"by=unit&division={DemoData.VillageCode}", $"by=item&from={DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime).AddMonths(-11):yyyy-MM-01}" })
        {
            var view = await JsonAsync(await supervisor.GetAsync($"/api/ratings/smile?{query}", Ct), HttpStatusCode.OK);
            Assert.True(view.GetProperty("all").GetProperty("total").GetInt32() >= 1, query);
            Assert.Equal(view.GetProperty("all").GetProperty("total").GetInt32(), view.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("counts").GetProperty("total").GetInt32()));
        }
        var daily = await app.WithDbAsync(db => db.RatingDivisionCounts.GroupBy(c => c.Level).Select(g => new { g.Key, Total = g.Sum(c => c.VerySatisfied + c.Satisfied + c.Fair + c.Dissatisfied + c.VeryDissatisfied) }).OrderBy(g => g.Key).ToListAsync(Ct));
        Assert.Equal(daily, await app.WithDbAsync(db => db.RatingDivisionMonthCounts.GroupBy(c => c.Level).Select(g => new { g.Key, Total = g.Sum(c => c.VerySatisfied + c.Satisfied + c.Fair + c.Dissatisfied + c.VeryDissatisfied) }).OrderBy(g => g.Key).ToListAsync(Ct)));
        Assert.Equal(daily[0].Total, await app.WithDbAsync(db => db.RatingCounts.SumAsync(c => c.VerySatisfied + c.Satisfied + c.Fair + c.Dissatisfied + c.VeryDissatisfied, Ct)));
        // The migration that brought the division rollup derives from the unit × item counts exactly what the ratings wrote.
        await Supervision.Backfill.AssertRebuildsAsync(app, [("rating_division_counts", "1 = 1"), ("rating_division_month_counts", "1 = 1")], OneWindow.Supervision.RollupBackfill.RatingDivisions(), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/ratings/smile?division=110000000000", Ct)).StatusCode);
        await JsonAsync(await supervisor.GetAsync("/api/ratings/smile?from=2026-12-01&to=2020-01-01", Ct), HttpStatusCode.BadRequest);
        await JsonAsync(await supervisor.GetAsync("/api/ratings/smile?by=colour", Ct), HttpStatusCode.BadRequest);
        using var police = await app.SignedInAsync("police-reviewer");
        var own = await JsonAsync(await police.GetAsync("/api/ratings/smile", Ct), HttpStatusCode.OK);
        Assert.All(own.GetProperty("groups").EnumerateArray(), g => Assert.Contains("派出所", g.GetProperty("name").GetString(), StringComparison.Ordinal));
        var villageUnit = await app.WithDbAsync(db => db.Ratings.Where(r => r.ApplicationId == Guid.Parse(id)).Select(r => r.Units[0]).FirstAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync($"/api/ratings/smile?unit={villageUnit}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/ratings/smile", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_invitation_link_rates_once_without_signing_in_and_reaches_nothing_else()
    {
        var (resident, id) = await FinishedAsync();
        using var owned = resident;
        var (rated, ratedId) = await FinishedAsync();
        using var ownedToo = rated;
        await JsonAsync(await rated.PostAsJsonAsync($"/api/cases/{ratedId}/ratings", new { stage = "completion", level = 4 }, Ct), HttpStatusCode.Created);
        var later = Clock.GetUtcNow().AddDays(3).AddMinutes(1);
        var sent = await app.WithScopeAsync(s => RatingInvitations.SendDueAsync(s.GetRequiredService<OneWindowDb>(), s.GetRequiredService<RatingServices>(), later, Ct));
        Assert.True(sent >= 1);
        Assert.Equal(0, await app.WithScopeAsync(s => RatingInvitations.SendDueAsync(s.GetRequiredService<OneWindowDb>(), s.GetRequiredService<RatingServices>(), later, Ct)));
        // The one rated already is not invited.
        Assert.True(await app.WithDbAsync(db => db.RatingInvitations.AnyAsync(i => i.ApplicationId == Guid.Parse(ratedId) && i.Skipped, Ct)));
        var ratedInbox = await rated.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct);
        Assert.DoesNotContain(ratedInbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("event").GetString() == "rating-invitation");

        var inbox = await resident.GetFromJsonAsync<JsonElement>("/api/me/notifications", Ct);
        var invitation = inbox.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("event").GetString() == "rating-invitation");
        var token = invitation.GetProperty("link").GetString()!["/Rate/".Length..];

        using var anonymous = app.Client();
        var shown = await JsonAsync(await anonymous.GetAsync($"/api/rating-links/{token}", Ct), HttpStatusCode.OK);
        Assert.Equal("completion", shown.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/cases/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/cases/{id}/ratings", Ct)).StatusCode);
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync($"/api/rating-links/{tampered}", new { level = 5 }, Ct)).StatusCode);

        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => anonymous.PostAsJsonAsync($"/api/rating-links/{token}", new { level = 5, stage = "acceptance" }, Ct)));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(b => b.StatusCode).Order());
        var stored = await app.WithDbAsync(db => db.Ratings.AsNoTracking().SingleAsync(r => r.ApplicationId == Guid.Parse(id), Ct));
        Assert.Equal((RatingStage.Completion, RatingChannel.Link), (stored.Stage, stored.Channel)); // the link's stage, whatever the body says
        var reused = await JsonAsync(await anonymous.PostAsJsonAsync($"/api/rating-links/{token}", new { level = 1 }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("used", reused.GetProperty("current").GetString());

        // An expired link says so.
        var expired = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<OneWindowDb>();
            var link = new RatingLink { ApplicationId = Guid.Parse(ratedId), Stage = RatingStage.Acceptance, ExpiresAt = Clock.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds() };
            db.RatingLinks.Add(link);
            await db.SaveChangesAsync(Ct);
            return RatingLinks.Token(s.GetRequiredService<OneWindow.Security.KeyEncryption>(), link.Id, link.ExpiresAt);
        });
        var gone = await JsonAsync(await anonymous.PostAsJsonAsync($"/api/rating-links/{expired}", new { level = 3 }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("expired", gone.GetProperty("current").GetString());
    }
}

public sealed class RatingTestsOnSqlite(SqliteApp app) : RatingTests(app), IClassFixture<SqliteApp>;

public sealed class RatingTestsOnPostgres(PostgresApp app) : RatingTests(app), IClassFixture<PostgresApp>;
