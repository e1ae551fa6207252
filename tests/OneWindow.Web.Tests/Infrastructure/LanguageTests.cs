using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Pages;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>
/// Chinese first: a validation error reaches an API client in Chinese unless it asks for English
/// (Accept-Language, or the culture a page chose), and a page names the fields it complains about by their labels.
/// </summary>
public sealed class LanguageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage Submit(string? language)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { bundleCode = "NEWBORN", divisionCode = DemoData.VillageCode, fields = new { } }) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return request;
    }

    [Fact]
    public async Task The_API_answers_in_Chinese_unless_asked_for_English()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var chinese = await ProblemAsync(await resident.SendAsync(Submit(null), TestContext.Current.CancellationToken));
        Assert.Equal("填写的内容有误", chinese.GetProperty("title").GetString());
        Assert.Equal("为必填项", chinese.GetProperty("errors").GetProperty("fields.childName")[0].GetString());
        var alsoChinese = await ProblemAsync(await resident.SendAsync(Submit("zh-CN,zh;q=0.9"), TestContext.Current.CancellationToken));
        Assert.Equal("为必填项", alsoChinese.GetProperty("errors").GetProperty("fields.childName")[0].GetString());

        var english = await ProblemAsync(await resident.SendAsync(Submit("en-US,en;q=0.9"), TestContext.Current.CancellationToken));
        Assert.Equal("One or more fields are invalid", english.GetProperty("title").GetString());
        Assert.Equal("is required", english.GetProperty("errors").GetProperty("fields.childName")[0].GetString());

        // A language the service does not speak falls back to Chinese.
        var french = await ProblemAsync(await resident.SendAsync(Submit("fr-FR"), TestContext.Current.CancellationToken));
        Assert.Equal("为必填项", french.GetProperty("errors").GetProperty("fields.childName")[0].GetString());
    }

    [Fact]
    public async Task A_page_names_the_fields_in_error_by_their_labels_in_its_language()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var item = await app.WithDbAsync(db => db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == "CERT-RESIDENCE"));
        var required = item.Fields.First(f => f.Required);

        var page = await PageForms.PostAsync(resident, "/Certificates/Apply/CERT-RESIDENCE", "", [new("DivisionCode", DemoData.VillageCode)]);
        Assert.Contains($"<li>{required.Label}：为必填项</li>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("is required", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<li>{required.Name}", page, StringComparison.Ordinal);

        var english = await PageForms.PostAsync(resident, "/Certificates/Apply/CERT-RESIDENCE?culture=en", "", [new("DivisionCode", DemoData.VillageCode)]);
        Assert.Contains($"<li>{required.LabelEn}: is required</li>", english, StringComparison.Ordinal);
    }
}
