using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>The steps of the certificate journey, as the API offers them.</summary>
public static class CertificateKit
{
    public static readonly object ResidenceFields = new
    {
        purpose = "孩子入学",
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

    /// <summary>Applies, approves, and returns the certificate id and its token.</summary>
    public static async Task<(string CertificateId, string Token)> IssueAsync(OneWindowApp app, HttpClient resident, HttpClient reviewer)
    {
        var application = await ApplyAsync(resident);
        var approved = await ApproveAsync(reviewer, application.GetProperty("id").GetString()!);
        var id = approved.GetProperty("certificateId").GetString()!;
        return (id, await resident.GetStringAsync($"/api/certificates/{id}/jwt"));
    }
}
