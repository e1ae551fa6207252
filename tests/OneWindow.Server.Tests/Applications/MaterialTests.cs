using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Applications;

/// <summary>Materials of a case: uploads checked by content, stored by hash, seen only by the applicant and the units handling the item; certificates instead of files.</summary>
public abstract class MaterialTests(OneWindowApp app)
{
    private const string School = "SCHOOL-ENROLMENT-APPLY";

    private static readonly byte[] s_pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] s_jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];

    /// <summary>A school-enrolment case of the demo resident, with the given child name so that each test has its own.</summary>
    private async Task<string> SchoolCaseAsync(HttpClient resident)
    {
        var bundle = await app.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "SCHOOL-ENROLMENT"));
        var form = SampleForms.For(bundle.Fields);
        foreach (var name in form.Keys.Where(k => k.Contains("Name", StringComparison.Ordinal)).ToList())
        {
            form[name] = $"张{(char)Random.Shared.Next(0x4E00, 0x4E00 + 5000)}{(char)Random.Shared.Next(0x4E00, 0x4E00 + 5000)}";
        }
        var response = await resident.PostAsJsonAsync("/api/cases", new { bundleCode = "SCHOOL-ENROLMENT", divisionCode = DemoData.VillageCode, fields = form });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string caseId, byte[] bytes, string contentType, string material = "guardian-id-card", string item = School, string fileName = "身份证.pdf")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync($"/api/cases/{caseId}/materials?itemCode={item}&materialCode={material}&fileName={Uri.EscapeDataString(fileName)}", content);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private int StoredFiles() => Directory.EnumerateFiles(app.MaterialsDirectory, "*", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task The_applicant_uploads_a_file_that_is_stored_once_by_its_hash_and_comes_back_unchanged_as_an_attachment()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var id = await SchoolCaseAsync(resident);
        var unique = s_pdf.Concat(Encoding.ASCII.GetBytes($"% {Guid.NewGuid()}\n")).ToArray();
        var before = StoredFiles();

        var first = await CreatedAsync(await UploadAsync(resident, id, unique, "application/pdf"));
        var again = await CreatedAsync(await UploadAsync(resident, id, unique, "application/pdf", material: "household-register-booklet", fileName: "户口簿.pdf"));

        Assert.Equal("application/pdf", first.GetProperty("contentType").GetString());
        Assert.Equal(unique.Length, first.GetProperty("size").GetInt64());
        Assert.Equal("身份证.pdf", first.GetProperty("fileName").GetString());
        Assert.Equal(before + 1, StoredFiles()); // the same content is kept once
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(unique));
        Assert.True(File.Exists(Path.Combine(app.MaterialsDirectory, sha[..2], sha)));
        var download = await resident.GetAsync($"/api/cases/{id}/materials/{again.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(unique, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var listed = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/materials");
        Assert.Equal(2, listed.GetArrayLength());
        await CreatedAsync(await UploadAsync(resident, id, s_jpeg, "image/jpeg", fileName: "C:\\photos\\正面.jpg"));
        Assert.Contains((await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/materials")).EnumerateArray(), m => m.GetProperty("fileName").GetString() == "正面.jpg");
    }

    [Fact]
    public async Task Only_the_applicant_and_the_unit_handling_the_item_see_a_material_and_only_the_applicant_adds_one()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var school = await app.SignedInAsync("county-education-reviewer");
        using var police = await app.SignedInAsync("county-police-reviewer"); // handles another item of the same case
        using var village = await app.SignedInAsync("village-clerk");         // no task in the case
        using var admin = await app.SignedInAsync("admin");
        using var anonymous = app.Client();
        var id = await SchoolCaseAsync(resident);
        var material = (await CreatedAsync(await UploadAsync(resident, id, s_png, "image/png", fileName: "id.png"))).GetProperty("id").GetString();
        var url = $"/api/cases/{id}/materials/{material}";

        Assert.Equal(HttpStatusCode.OK, (await school.GetAsync(url)).StatusCode);
        Assert.Single((await school.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/materials")).EnumerateArray());
        Assert.Empty((await police.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/materials")).EnumerateArray());
        await ProblemAssert.IsProblemAsync(await police.GetAsync(url), HttpStatusCode.NotFound);
        foreach (var outsider in new[] { village, admin, await app.NewResidentAsync() })
        {
            await ProblemAssert.IsProblemAsync(await outsider.GetAsync(url), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await outsider.GetAsync($"/api/cases/{id}/materials"), HttpStatusCode.NotFound);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(anonymous, id, s_pdf, "application/pdf")).StatusCode);
        await ProblemAssert.IsProblemAsync(await UploadAsync(school, id, s_pdf, "application/pdf"), HttpStatusCode.NotFound);
        Assert.Single((await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/materials")).EnumerateArray());
    }

    [Fact]
    public async Task Files_that_are_not_what_they_claim_too_large_empty_or_misaddressed_are_refused_and_nothing_is_kept()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        var id = await SchoolCaseAsync(resident);
        var rowsBefore = await app.WithDbAsync(db => db.ApplicationMaterials.CountAsync());
        var filesBefore = StoredFiles();

        var pngAsPdf = await UploadAsync(resident, id, s_png, "application/pdf");
        var textAsPng = await UploadAsync(resident, id, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "image/png");
        var empty = await UploadAsync(resident, id, [], "application/pdf");
        var tooLarge = await UploadAsync(resident, id, [.. s_pdf, .. new byte[10 * 1024 * 1024]], "application/pdf");
        var unknownMaterial = await UploadAsync(resident, id, s_pdf, "application/pdf", material: "no-such-material");
        var notInCase = await UploadAsync(resident, id, s_pdf, "application/pdf", item: "CERT-RESIDENCE");
        var badName = await UploadAsync(resident, id, s_pdf, "application/pdf", fileName: "a\u202Egpj.exe");
        var html = await UploadAsync(resident, id, s_pdf, "text/html");
        var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/materials?itemCode={School}&materialCode=guardian-id-card") { Content = new ByteArrayContent(s_pdf) };
        crossSite.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        crossSite.Headers.Add("Origin", "https://evil.example");
        var forged = await resident.SendAsync(crossSite);

        Assert.Contains("image/png", (await ProblemAssert.HasFieldErrorAsync(pngAsPdf, "file")).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        await ProblemAssert.HasFieldErrorAsync(textAsPng, "file");
        await ProblemAssert.HasFieldErrorAsync(empty, "file");
        Assert.Contains(tooLarge.StatusCode, new[] { HttpStatusCode.UnprocessableEntity, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
        await ProblemAssert.HasFieldErrorAsync(unknownMaterial, "materialCode");
        await ProblemAssert.HasFieldErrorAsync(notInCase, "itemCode");
        await ProblemAssert.HasFieldErrorAsync(badName, "fileName");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(rowsBefore, await app.WithDbAsync(db => db.ApplicationMaterials.CountAsync()));
        Assert.Equal(filesBefore, StoredFiles()); // no temporary file left behind either
    }

    [Fact]
    public async Task An_issued_residence_certificate_stands_in_for_the_material_it_proves_and_nothing_else_does()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var other = await app.NewResidentAsync();
        var (certificate, _) = await CertificateKit.IssueAsync(app, resident, reviewer);
        var id = await SchoolCaseAsync(resident);
        var othersCase = await SchoolCaseAsync(other);

        var used = await CreatedAsync(await resident.PostAsJsonAsync($"/api/cases/{id}/materials/certificate", new { itemCode = School, materialCode = "residence-certificate", certificateId = certificate }));
        var wrongMaterial = await resident.PostAsJsonAsync($"/api/cases/{id}/materials/certificate", new { itemCode = School, materialCode = "guardian-id-card", certificateId = certificate });
        var notTheirs = await other.PostAsJsonAsync($"/api/cases/{othersCase}/materials/certificate", new { itemCode = School, materialCode = "residence-certificate", certificateId = certificate });
        var unknown = await resident.PostAsJsonAsync($"/api/cases/{id}/materials/certificate", new { itemCode = School, materialCode = "residence-certificate", certificateId = Guid.NewGuid() });

        Assert.Equal("certificate", used.GetProperty("source").GetString());
        Assert.Equal(certificate, used.GetProperty("certificateId").GetString());
        await ProblemAssert.HasFieldErrorAsync(wrongMaterial, "materialCode");
        await ProblemAssert.HasFieldErrorAsync(notTheirs, "certificateId");
        await ProblemAssert.HasFieldErrorAsync(unknown, "certificateId");
        await ProblemAssert.IsProblemAsync(await resident.GetAsync($"/api/cases/{id}/materials/{used.GetProperty("id").GetString()}"), HttpStatusCode.Conflict);
    }

}

public sealed class MaterialTestsOnSqlite(SqliteApp app) : MaterialTests(app), IClassFixture<SqliteApp>;

public sealed class MaterialTestsOnPostgres(PostgresApp app) : MaterialTests(app), IClassFixture<PostgresApp>;
