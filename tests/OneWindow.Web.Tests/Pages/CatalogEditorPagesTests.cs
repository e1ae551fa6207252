using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// The catalog editors are forms a platform admin can work in: every item and bundle of the shipped catalog comes back
/// unchanged when its form is saved as drawn, the preview shows the applicant's form and the certificate's text without
/// saving, bad input is named by the row and property it is in, and nothing half-written is stored.
/// </summary>
public sealed class CatalogEditorPagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static async Task<HttpResponseMessage> PressAsync(HttpClient client, string page, List<KeyValuePair<string, string>> fields, string action) =>
        await client.PostAsync(page, new FormUrlEncodedContent(fields.Set("action", action)));

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The export with what a form cannot keep in order made canonical: the item fields a bundle field fills, and the subject key.</summary>
    private static async Task<JsonObject> ExportAsync(HttpClient client)
    {
        var export = (await client.GetFromJsonAsync<JsonObject>("/api/catalog/export"))!;
        foreach (var bundle in export["bundles"]!.AsArray())
        {
            foreach (var field in bundle!["fields"]!.AsArray())
            {
                var maps = field!["mapsTo"]!.AsArray().Select(m => m!.ToJsonString()).Order(StringComparer.Ordinal).ToList();
                field["mapsTo"] = new JsonArray([.. maps.Select(m => JsonNode.Parse(m))]);
            }
            if (bundle["subjectKey"] is JsonArray key)
            {
                bundle["subjectKey"] = new JsonArray([.. key.Select(k => (JsonNode)JsonValue.Create(k!.GetValue<string>())!).OrderBy(k => k.GetValue<string>(), StringComparer.Ordinal)]);
            }
        }
        return export;
    }

    [Fact]
    public async Task Every_item_and_bundle_of_the_catalog_saves_back_unchanged_from_its_form()
    {
        using var admin = await app.SignedInAsync("admin");
        var before = await ExportAsync(admin);
        var items = before["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToList();
        var bundles = before["bundles"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()).ToList();
        Assert.True(items.Count > 50 && bundles.Count > 10);
        foreach (var (kind, code) in items.Select(c => ("Item", c)).Concat(bundles.Select(c => ("Bundle", c))))
        {
            var page = $"/Admin/{kind}/{code}";
            var form = HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "save");
            var saved = await BodyAsync(await PressAsync(admin, page, form, "save"));
            Assert.True(saved.Contains("已保存。", StringComparison.Ordinal), $"{page} was not saved: {ErrorsOf(saved)}");
        }
        var after = await ExportAsync(admin);
        foreach (var list in new[] { "items", "bundles" })
        {
            var was = before[list]!.AsArray();
            var now = after[list]!.AsArray();
            for (var i = 0; i < was.Count; i++)
            {
                var code = was[i]!["code"]!.GetValue<string>();
                var again = now.Single(x => x!["code"]!.GetValue<string>() == code)!;
                Assert.True(JsonNode.DeepEquals(was[i], again), $"{code} changed:\n{was[i]!.ToJsonString()}\n{again.ToJsonString()}");
            }
        }
    }

    private static string ErrorsOf(string html)
    {
        var start = html.IndexOf("id=\"form-errors\"", StringComparison.Ordinal);
        return start < 0 ? "(no error list)" : html[start..Math.Min(html.Length, start + 1500)];
    }

    [Fact]
    public async Task The_preview_shows_the_applicants_form_and_the_certificate_text_and_saves_nothing()
    {
        using var admin = await app.SignedInAsync("admin");
        const string page = "/Admin/Item/CERT-RESIDENCE";
        var form = HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "preview");
        var wording = form.Get("WordingSelf");
        Assert.Contains("{", wording, StringComparison.Ordinal);

        var preview = await BodyAsync(await PressAsync(admin, page, form, "preview"));
        Assert.Contains("预览：申请人看到的表单", preview, StringComparison.Ordinal);
        Assert.Contains("证明正文（为本人开具）", preview, StringComparison.Ordinal);
        Assert.Contains("证明正文（为亲属开具）", preview, StringComparison.Ordinal);
        Assert.Contains("本村", preview, StringComparison.Ordinal); // the village committee's locality, filled in
        Assert.Contains("【持证人姓名】", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-errors\"", preview, StringComparison.Ordinal);

        var changed = form.Set("WordingSelf", "兹证明{holderName}自{nobody}起在{locality}居住。特此证明。").Set("Name", "居住证明（改）");
        var refused = await BodyAsync(await PressAsync(admin, page, changed, "preview"));
        Assert.Contains("证明文字 · 为本人开具", refused, StringComparison.Ordinal);
        Assert.Contains("nobody", refused, StringComparison.Ordinal);
        Assert.Contains("居住证明（改）", refused, StringComparison.Ordinal); // what was typed stays in the form
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/CERT-RESIDENCE", TestContext.Current.CancellationToken);
        Assert.Equal("居住证明", stored.GetProperty("name").GetString());
        Assert.Equal(wording.Replace("\r\n", "\n", StringComparison.Ordinal), stored.GetProperty("output").GetProperty("wording").GetProperty("self").GetString());
    }

    [Fact]
    public async Task A_new_item_is_written_as_a_form_with_each_mistake_named_where_it_is()
    {
        using var admin = await app.SignedInAsync("admin");
        var form = HtmlForms.WithAction(await admin.GetStringAsync("/Admin/Item", TestContext.Current.CancellationToken), "save")
            .Set("NewCode", "TEST-EDITOR-ITEM").Set("Name", "测试事项").Set("NameEn", "Test item").Set("TimeLimitDays", "3")
            .Set("Fields[0].Label", "姓名").Set("Fields[0].LabelEn", "Name").Set("Fields[0].Name", "fullName").Set("Fields[0].Required", "true")
            .Set("Fields[0].MaxLength", "二十");

        var refused = await BodyAsync(await PressAsync(admin, "/Admin/Item", form, "save"));
        Assert.Contains("第 1 个填写项「姓名」 · 长度：必须是整数", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/catalog/items/TEST-EDITOR-ITEM", TestContext.Current.CancellationToken)).StatusCode);

        var noLabel = await BodyAsync(await PressAsync(admin, "/Admin/Item", form.Set("Fields[0].MaxLength", "20").Set("Fields[0].LabelEn", ""), "save"));
        Assert.Contains("第 1 个填写项「姓名」 · 标签", noLabel, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/catalog/items/TEST-EDITOR-ITEM", TestContext.Current.CancellationToken)).StatusCode);

        var created = await PressAsync(admin, "/Admin/Item", form.Set("Fields[0].MaxLength", "20"), "save");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.StartsWith("/Admin/Item/TEST-EDITOR-ITEM", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var item = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/TEST-EDITOR-ITEM", TestContext.Current.CancellationToken);
        var field = item.GetProperty("fields").EnumerateArray().Single();
        Assert.Equal("fullName", field.GetProperty("name").GetString());
        Assert.Equal(20, field.GetProperty("maxLength").GetInt32());
        Assert.True(field.GetProperty("required").GetBoolean());

        // A second field from the empty row, a choice whose options are one per line; then the first is moved below it and removed.
        const string page = "/Admin/Item/TEST-EDITOR-ITEM";
        var edit = HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "save")
            .Set("Fields[1].Label", "性别").Set("Fields[1].LabelEn", "Sex").Set("Fields[1].Name", "sex").Set("Fields[1].Type", "choice")
            .Set("Fields[1].Choices", "male | 男 | Male\nfemale 女 Female");
        var badChoice = await BodyAsync(await PressAsync(admin, page, edit, "save"));
        Assert.Contains("第 2 个填写项「性别」 · 选项：每行应为“值 | 中文 | 英文”：female 女 Female", badChoice, StringComparison.Ordinal);
        Assert.Contains("male | 男 | Male", badChoice, StringComparison.Ordinal);
        Assert.Contains("已保存。", await BodyAsync(await PressAsync(admin, page, edit.Set("Fields[1].Choices", "male | 男 | Male\nfemale | 女 | Female"), "save")), StringComparison.Ordinal);
        var moved = await BodyAsync(await PressAsync(admin, page, HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "save"), "up:1"));
        Assert.True(moved.IndexOf("value=\"性别\"", StringComparison.Ordinal) < moved.IndexOf("value=\"姓名\"", StringComparison.Ordinal));
        var removed = HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "save").Set("Fields[0].Remove", "true");
        Assert.Contains("已保存。", await BodyAsync(await PressAsync(admin, page, removed, "save")), StringComparison.Ordinal);
        item = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/TEST-EDITOR-ITEM", TestContext.Current.CancellationToken);
        Assert.Equal(["sex"], item.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(2, item.GetProperty("fields")[0].GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task An_item_edit_that_would_break_a_bundle_is_refused_and_nothing_changes()
    {
        using var admin = await app.SignedInAsync("admin");
        const string page = "/Admin/Item/HOUSEHOLD-REG-BIRTH";
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/HOUSEHOLD-REG-BIRTH", TestContext.Current.CancellationToken);
        var form = HtmlForms.WithAction(await admin.GetStringAsync(page, TestContext.Current.CancellationToken), "save").Set("Fields[0].Remove", "true");
        var refused = await BodyAsync(await PressAsync(admin, page, form, "save"));
        Assert.Contains("id=\"form-errors\"", refused, StringComparison.Ordinal);
        Assert.Contains("NEWBORN", refused, StringComparison.Ordinal);
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/HOUSEHOLD-REG-BIRTH", TestContext.Current.CancellationToken);
        Assert.Equal(before.GetProperty("fields").GetArrayLength(), after.GetProperty("fields").GetArrayLength());

        // The JSON form: what does not parse is said at the definition, and nothing changes.
        var json = WebUtility.HtmlDecode(await PageForms.PostAsync(admin, page, "Json", [new("Definition", "{ \"code\": ")]));
        Assert.Contains("不是有效的 JSON", json, StringComparison.Ordinal);
        Assert.Equal(before.GetRawText(), (await admin.GetFromJsonAsync<JsonElement>("/api/catalog/items/HOUSEHOLD-REG-BIRTH", TestContext.Current.CancellationToken)).GetRawText());
    }

    [Fact]
    public async Task A_bundle_is_written_as_a_form_items_chosen_by_name_fields_mapped_and_the_order_previewed()
    {
        using var admin = await app.SignedInAsync("admin");
        var preview = await BodyAsync(await PressAsync(admin, "/Admin/Bundle/NEWBORN",
            HtmlForms.WithAction(await admin.GetStringAsync("/Admin/Bundle/NEWBORN", TestContext.Current.CancellationToken), "preview"), "preview"));
        Assert.Contains("预览：申请人一次填写的表单", preview, StringComparison.Ordinal);
        var order = preview[preview.IndexOf("<h3>办理顺序</h3>", StringComparison.Ordinal)..];
        Assert.True(order.IndexOf("出生医学证明", StringComparison.Ordinal) < order.IndexOf("户口", StringComparison.Ordinal), "the birth certificate comes before the household registration");

        // Dropping an item the unified form fills is refused, and the bundle stays as it was.
        var dropped = HtmlForms.WithAction(await admin.GetStringAsync("/Admin/Bundle/NEWBORN", TestContext.Current.CancellationToken), "save")
            .Where(f => !(f.Key == "Members" && f.Value == "BANK-ACCOUNT-NEWBORN")).ToList();
        Assert.Contains("id=\"form-errors\"", await BodyAsync(await PressAsync(admin, "/Admin/Bundle/NEWBORN", dropped, "save")), StringComparison.Ordinal);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/bundles/NEWBORN", TestContext.Current.CancellationToken);
        Assert.Contains("BANK-ACCOUNT-NEWBORN", stored.GetProperty("items").EnumerateArray().Select(i => i.GetString()));

        // A new bundle of one small item: chosen, previewed (its fields now offered), mapped, saved.
        var tiny = await admin.PutAsJsonAsync("/api/catalog/items/TEST-TINY", new
        {
            code = "TEST-TINY", name = "小事项", nameEn = "Tiny item", department = "civil-affairs", level = "county", timeLimitDays = 2,
            fields = new[] { new { name = "fullName", label = "姓名", labelEn = "Name", type = "text", required = true } },
            materials = Array.Empty<object>(), output = new { kind = "record" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, tiny.StatusCode);
        var form = HtmlForms.WithAction(await admin.GetStringAsync("/Admin/Bundle", TestContext.Current.CancellationToken), "save")
            .Set("NewCode", "TEST-EDITOR-BUNDLE").Set("Name", "测试一件事").Set("NameEn", "Test bundle").Set("TimeLimitDays", "4").Set("Members", "TEST-TINY");
        var chosen = await BodyAsync(await PressAsync(admin, "/Admin/Bundle", form, "preview"));
        Assert.Contains("小事项 · 姓名", chosen, StringComparison.Ordinal); // the member's fields are offered by name
        Assert.Contains("TEST-TINY.fullName", chosen, StringComparison.Ordinal); // and the preview says what is not yet filled
        var mapped = form.Set("Fields[0].Label", "申请人姓名").Set("Fields[0].LabelEn", "Applicant's name").Set("Fields[0].Name", "applicantName")
            .Set("Fields[0].Required", "true").Set("Fields[0].MapsTo", "TEST-TINY|fullName").Set("Fields[0].SubjectKey", "true");
        var created = await PressAsync(admin, "/Admin/Bundle", mapped, "save");
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, ErrorsOf(WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync())));
        var bundle = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/bundles/TEST-EDITOR-BUNDLE", TestContext.Current.CancellationToken);
        Assert.Equal("TEST-TINY", bundle.GetProperty("fields")[0].GetProperty("mapsTo")[0].GetProperty("item").GetString());
        Assert.Equal(["applicantName"], bundle.GetProperty("subjectKey").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task The_whole_catalog_is_downloaded_and_imported_as_a_file_all_or_nothing()
    {
        using var admin = await app.SignedInAsync("admin");
        var download = await admin.GetAsync("/Admin?handler=Export", TestContext.Current.CancellationToken);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var file = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var items = JsonDocument.Parse(file).RootElement.GetProperty("items").GetArrayLength();

        async Task<string> ImportAsync(byte[] bytes)
        {
            var html = await admin.GetStringAsync("/Admin", TestContext.Current.CancellationToken);
            using var content = new MultipartFormDataContent
            {
                { new StringContent(HtmlForms.Collect(html, f => f.Enctype == "multipart/form-data").Get("__RequestVerificationToken")), "__RequestVerificationToken" },
                { new ByteArrayContent(bytes), "file", "catalog.json" },
            };
            return await BodyAsync(await admin.PostAsync("/Admin?handler=Import", content, TestContext.Current.CancellationToken));
        }

        Assert.Contains($"已导入 {items} 个事项", await ImportAsync(file), StringComparison.Ordinal);
        var broken = JsonNode.Parse(file)!;
        broken["items"]![0]!["name"] = "改过的名称";
        broken["items"]![1]!["timeLimitDays"] = -1;
        var refused = await ImportAsync(JsonSerializer.SerializeToUtf8Bytes(broken));
        Assert.Contains("id=\"form-errors\"", refused, StringComparison.Ordinal);
        var first = broken["items"]![0]!["code"]!.GetValue<string>();
        Assert.NotEqual("改过的名称", (await admin.GetFromJsonAsync<JsonElement>($"/api/catalog/items/{first}", TestContext.Current.CancellationToken)).GetProperty("name").GetString());
        Assert.Contains("id=\"form-errors\"", await ImportAsync("{ not json"u8.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Item")]
    [InlineData("/Admin/Item/CERT-RESIDENCE")]
    [InlineData("/Admin/Bundle/NEWBORN")]
    public async Task Only_a_platform_admin_opens_the_editors(string page)
    {
        using var unitAdmin = await app.SignedInAsync("township-admin");
        var response = await unitAdmin.GetAsync(page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Denied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page, TestContext.Current.CancellationToken)).StatusCode);
    }
}
