using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Applications;

/// <summary>Save and continue later: one's own drafts, kept until submitted or discarded, never anyone else's.</summary>
public abstract class DraftTests(OneWindowApp app)
{
    /// <summary>A newborn form for a child of its own (the bundle's subject key makes the same child one case, whoever files it).</summary>
    private async Task<Dictionary<string, string>> NewbornFormAsync()
    {
        var form = SampleForms.For(await app.WithDbAsync(db => db.Bundles.AsNoTracking().Where(b => b.Code == "NEWBORN").Select(b => b.Fields).SingleAsync()));
        const string given = "安宁和平春秋明月清风晨光雨露嘉禾思远书言若溪子墨知夏文博雅静佳怡欣悦诗涵梓萱浩然宇轩";
        form["childName"] = "王" + given[Random.Shared.Next(given.Length)] + given[Random.Shared.Next(given.Length)] + given[Random.Shared.Next(given.Length)];
        return form;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_half_filled_form_is_saved_read_back_listed_and_removed_when_the_application_is_submitted()
    {
        using var parent = await app.NewResidentAsync();
        var form = await NewbornFormAsync();
        var half = form.Take(3).ToDictionary(p => p.Key, p => p.Value);

        var saved = await OkAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { divisionCode = DemoData.VillageCode, fields = half }));
        var again = await OkAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { divisionCode = DemoData.VillageCode, fields = form, delivery = "mail", version = saved.GetProperty("version").GetInt32() }));
        var read = await OkAsync(await parent.GetAsync("/api/drafts/NEWBORN"));
        var listed = await parent.GetFromJsonAsync<JsonElement>("/api/drafts");

        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.Equal(2, again.GetProperty("version").GetInt32());
        Assert.Equal(form.Count, read.GetProperty("fields").EnumerateObject().Count());
        Assert.Equal("mail", read.GetProperty("delivery").GetString());
        Assert.True(read.GetProperty("keptUntil").GetDateTimeOffset() > read.GetProperty("savedAt").GetDateTimeOffset().AddDays(29));
        Assert.Equal("NEWBORN", Assert.Single(listed.EnumerateArray()).GetProperty("code").GetString());

        var submitted = await parent.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        await ProblemAssert.IsProblemAsync(await parent.GetAsync("/api/drafts/NEWBORN"), HttpStatusCode.NotFound);
        Assert.Empty((await parent.GetFromJsonAsync<JsonElement>("/api/drafts")).EnumerateArray());
    }

    [Fact]
    public async Task A_save_from_an_older_copy_answers_409_and_keeps_the_newer_answers()
    {
        using var parent = await app.NewResidentAsync();
        var first = await OkAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = "李小一" } }));
        await OkAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = "李小二" }, version = first.GetProperty("version").GetInt32() }));

        var stale = await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = "李小三" }, version = first.GetProperty("version").GetInt32() });

        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal("李小二", (await OkAsync(await parent.GetAsync("/api/drafts/NEWBORN"))).GetProperty("fields").GetProperty("childName").GetString());
    }

    [Fact]
    public async Task Bad_drafts_get_field_errors_and_change_nothing()
    {
        using var parent = await app.NewResidentAsync();

        await ProblemAssert.HasFieldErrorAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { noSuchField = "x" } }), "fields.noSuchField");
        await ProblemAssert.HasFieldErrorAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = new string('李', 5000) } }), "fields.childName");
        await ProblemAssert.HasFieldErrorAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = "李\u202E小" } }), "fields.childName");
        await ProblemAssert.HasFieldErrorAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { divisionCode = "13x", fields = new { } }), "divisionCode");
        await ProblemAssert.IsProblemAsync(await parent.PutAsJsonAsync("/api/drafts/NO-SUCH-BUNDLE", new { fields = new { } }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await parent.DeleteAsync("/api/drafts/NEWBORN"), HttpStatusCode.NotFound);

        Assert.Empty((await parent.GetFromJsonAsync<JsonElement>("/api/drafts")).EnumerateArray());
    }

    [Fact]
    public async Task Drafts_are_their_owners_alone()
    {
        using var owner = await app.NewResidentAsync();
        using var other = await app.NewResidentAsync();
        using var clerk = await app.SignedInAsync("village-clerk");
        using var anonymous = app.Client();
        await OkAsync(await owner.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = "王小明" } }));

        await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/drafts/NEWBORN"), HttpStatusCode.NotFound);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/drafts")).EnumerateArray());
        await ProblemAssert.IsProblemAsync(await other.DeleteAsync("/api/drafts/NEWBORN"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await clerk.GetAsync("/api/drafts"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await clerk.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { } }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/drafts"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { } }), HttpStatusCode.Unauthorized);

        Assert.Equal("王小明", (await OkAsync(await owner.GetAsync("/api/drafts/NEWBORN"))).GetProperty("fields").GetProperty("childName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/api/drafts/NEWBORN")).StatusCode);
    }

    [Fact]
    public async Task Discarding_a_draft_while_submitting_its_form_at_the_same_moment_loses_neither()
    {
        for (var round = 0; round < 4; round++)
        {
            using var parent = await app.NewResidentAsync();
            var form = await NewbornFormAsync();
            await OkAsync(await parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { divisionCode = DemoData.VillageCode, fields = form }));

            var submit = parent.PostAsJsonAsync("/api/cases", new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = form });
            var discard = parent.DeleteAsync("/api/drafts/NEWBORN");
            await Task.WhenAll(submit, discard);

            Assert.Equal(HttpStatusCode.Created, (await submit).StatusCode); // the case is made whichever came first
            Assert.True((await discard).StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, (await discard).StatusCode.ToString());
            Assert.Empty((await parent.GetFromJsonAsync<JsonElement>("/api/drafts")).EnumerateArray());
        }
    }

    [Fact]
    public async Task Eight_first_saves_of_one_draft_at_the_same_moment_leave_one_draft_and_no_500()
    {
        using var parent = await app.NewResidentAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => parent.PutAsJsonAsync("/api/drafts/NEWBORN", new { fields = new { childName = $"张小{i}" } })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var me = (await parent.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString();
        Assert.Equal(1, await app.WithDbAsync(db => db.FormDrafts.CountAsync(d => d.ApplicantId == Guid.Parse(me!) && d.Code == "NEWBORN")));
    }
}

public sealed class DraftTestsOnSqlite(SqliteApp app) : DraftTests(app), IClassFixture<SqliteApp>;

public sealed class DraftTestsOnPostgres(PostgresApp app) : DraftTests(app), IClassFixture<PostgresApp>;
