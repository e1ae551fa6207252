using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Applications;

/// <summary>
/// A task whose item's output is a certificate issues it when approved — through the certificate module's one
/// issue operation, in the approval's own transaction — exactly once however many reviewers press at the
/// same moment, and not at all when the approval is refused or loses.
/// </summary>
public abstract class TaskCertificateTests(OneWindowApp app)
{
    private static Dictionary<string, string> Residence() => new()
    {
        ["purpose"] = "孩子入学", ["recipient"] = $"正定县第{Random.Shared.Next(1, 1_000_000)}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned",
    };

    private static async Task<(Guid Case, Guid Task)> FileAsync(HttpClient resident)
    {
        var response = await resident.PostAsJsonAsync("/api/cases", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = Residence() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("tasks")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Sixteen_simultaneous_approvals_of_one_task_issue_one_certificate_with_one_ledger_entry()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (caseId, taskId) = await FileAsync(resident);
        var url = $"/api/cases/{caseId}/tasks/{taskId}/decision";

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => reviewer.PostAsJsonAsync(url, new { approve = true })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = await ProblemAssert.IsProblemAsync(responses.First(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal("approved", loser.GetProperty("current").GetString());
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.TaskId == taskId));
        var task = await app.WithDbAsync(db => db.ApplicationTasks.AsNoTracking().SingleAsync(t => t.Id == taskId));
        Assert.Equal(certificate.Identifier, task.Result[DecideTask.CertificateResult]);
        var answered = (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks")[0].GetProperty("result");
        Assert.Equal(certificate.Identifier, answered.GetProperty(DecideTask.CertificateResult).GetString());
        // The applicant's page names it in words, with its number.
        var page = await resident.GetStringAsync($"/Cases/{caseId}");
        Assert.Contains("电子证照编号", page, StringComparison.Ordinal);
        Assert.Contains(certificate.Identifier, page, StringComparison.Ordinal);
        Assert.DoesNotContain(DecideTask.CertificateResult, page, StringComparison.Ordinal);
        await app.LedgerDrainedAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Subject == certificate.Identifier && e.Type == AuditLedger.Issued)));
        await app.AuditFindsNothingAboutAsync([certificate.Identifier]);
    }

    [Fact]
    public async Task A_refused_or_impossible_approval_issues_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (refusedCase, refusedTask) = await FileAsync(resident);
        var before = await app.WithDbAsync(db => db.Certificates.CountAsync());

        var refused = await reviewer.PostAsJsonAsync($"/api/cases/{refusedCase}/tasks/{refusedTask}/decision", new { approve = false, reason = "居住地址与户籍信息不符" });
        var again = await reviewer.PostAsJsonAsync($"/api/cases/{refusedCase}/tasks/{refusedTask}/decision", new { approve = true });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(before, await app.WithDbAsync(db => db.Certificates.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.TaskId == refusedTask)));
    }
}

public sealed class TaskCertificateTestsOnSqlite(SqliteApp app) : TaskCertificateTests(app), IClassFixture<SqliteApp>;

public sealed class TaskCertificateTestsOnPostgres(PostgresApp app) : TaskCertificateTests(app), IClassFixture<PostgresApp>;
