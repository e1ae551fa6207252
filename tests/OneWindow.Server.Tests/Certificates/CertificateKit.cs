using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>The steps of the certificate journey, as the API offers them.</summary>
public static class CertificateKit
{
    /// <summary>A residence certificate's answers, for a different school each time (the same answers twice would be one matter, refused while in progress).</summary>
    public static object ResidenceFields => new
    {
        purpose = "孩子入学",
        recipient = $"正定县第{Random.Shared.Next(1, 1_000_000)}小学",
        relation = "self",
        address = "正定镇西关村3组12号",
        residentSince = "2015-03-01",
        housingType = "owned",
    };

    public static async Task<JsonElement> ApplyAsync(HttpClient resident, object? fields = null, string item = "CERT-RESIDENCE", string division = DemoData.VillageCode)
    {
        var response = await resident.PostAsJsonAsync("/api/applications", new { itemCode = item, divisionCode = division, fields = fields ?? ResidenceFields });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ApproveAsync(HttpClient reviewer, string applicationId)
    {
        var response = await reviewer.PostAsync($"/api/applications/{applicationId}/approve", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> VerifyAsync(HttpClient client, string token, bool ledger = false)
    {
        var response = await client.PostAsync(ledger ? "/api/certificates/verify?ledger=true" : "/api/certificates/verify", new StringContent(token));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The certificates issued for the counter's applications (one-task cases), by application id.</summary>
    public static Task<List<(Guid Application, OneWindow.Certificates.Certificate Certificate)>> CertificatesOfAsync(OneWindowApp app, IEnumerable<Guid> applications)
    {
        var ids = applications.ToList();
        return app.WithDbAsync(async db =>
        {
            var tasks = await db.ApplicationTasks.AsNoTracking().Where(t => ids.Contains(EF.Property<Guid>(t, "ApplicationId")))
                .Select(t => new { t.Id, Application = EF.Property<Guid>(t, "ApplicationId") }).ToDictionaryAsync(t => t.Id, t => t.Application);
            var taskIds = tasks.Keys.ToList();
            var certificates = await db.Certificates.AsNoTracking().Where(c => taskIds.Contains(c.TaskId)).ToListAsync();
            return certificates.Select(c => (tasks[c.TaskId], c)).ToList();
        });
    }

    /// <summary>Where the counter's applications stand, by application id.</summary>
    public static Task<Dictionary<Guid, OneWindow.Applications.ApplicationStatus>> StatusesAsync(OneWindowApp app, IEnumerable<Guid> applications)
    {
        var ids = applications.ToList();
        return app.WithDbAsync(db => db.ApplicationTasks.AsNoTracking().Where(t => ids.Contains(EF.Property<Guid>(t, "ApplicationId")))
            .Select(t => new { Application = EF.Property<Guid>(t, "ApplicationId"), t.State })
            .ToDictionaryAsync(t => t.Application, t => OneWindow.Applications.CertificateApplication.StatusOf(t.State)));
    }

    /// <summary>Applies, approves, and returns the certificate id and its token.</summary>
    public static async Task<(string CertificateId, string Token)> IssueAsync(OneWindowApp app, HttpClient resident, HttpClient reviewer)
    {
        var application = await ApplyAsync(resident);
        var approved = await ApproveAsync(reviewer, application.GetProperty("id").GetString()!);
        var id = approved.GetProperty("certificateId").GetString()!;
        return (id, await resident.GetStringAsync($"/api/certificates/{id}/jwt"));
    }
}
