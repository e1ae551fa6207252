using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Certificates;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>
/// Approval and issuance happen exactly once, on both providers, however many people press the button
/// at the same moment: one certificate, one identifier, one ledger entry; the losers get 409 and nothing
/// else is written.
/// </summary>
public abstract class ExactlyOnceTests(OneWindowApp app)
{
    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    [Fact]
    public async Task Sixteen_simultaneous_approvals_of_one_application_issue_one_certificate_with_one_entry()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var application = Guid.Parse(Id(await CertificateKit.ApplyAsync(resident)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => reviewer.PostAsync($"/api/applications/{application}/approve", null)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var loser = await ProblemAssert.IsProblemAsync(responses.First(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal("approved", loser.GetProperty("current").GetString());
        var identifiers = (await CertificateKit.CertificatesOfAsync(app, [application])).Select(c => c.Certificate.Identifier).ToList();
        var identifier = Assert.Single(identifiers);
        await app.LedgerDrainedAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Subject == identifier && e.Type == AuditLedger.Issued)));
        await AuditFindsNothingAboutAsync([identifier]);
    }

    [Fact]
    public async Task Two_reviewers_approving_thirty_applications_at_once_issue_thirty_distinct_certificates()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var first = await app.SignedInAsync("village-reviewer");
        using var second = await app.SignedInAsync(await SecondVillageReviewerAsync());
        var applications = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            applications.Add(Guid.Parse(Id(await CertificateKit.ApplyAsync(resident))));
        }

        var requests = applications.SelectMany(a => new[] { first, second }.Select(r => r.PostAsync($"/api/applications/{a}/approve", null)));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var issued = (await CertificateKit.CertificatesOfAsync(app, applications)).Select(c => new { c.Certificate.Identifier, c.Certificate.UnitId, c.Certificate.StatusIndex }).ToList();
        Assert.Equal(30, issued.Count);
        Assert.Equal(30, issued.Select(c => c.Identifier).Distinct().Count());
        Assert.Equal(30, issued.Select(c => (c.UnitId, c.StatusIndex)).Distinct().Count());
        // The allocation row EF sees is the one the allocating statement moved: it is past every index handed out.
        var unit = issued[0].UnitId;
        Assert.Equal(1, await app.WithDbAsync(db => db.StatusLists.CountAsync(s => s.UnitId == unit)));
        Assert.True(await app.WithDbAsync(db => db.StatusLists.Where(s => s.UnitId == unit).Select(s => s.NextIndex).SingleAsync()) > issued.Max(c => c.StatusIndex));
        await app.LedgerDrainedAsync();
        var identifiers = issued.Select(c => c.Identifier).ToList();
        Assert.Equal(30, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Type == AuditLedger.Issued && identifiers.Contains(e.Subject))));
        await AuditFindsNothingAboutAsync(identifiers);
    }

    [Fact]
    public async Task Approvals_and_refusals_racing_on_the_same_applications_decide_each_once()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var first = await app.SignedInAsync("village-reviewer");
        using var second = await app.SignedInAsync(await SecondVillageReviewerAsync());
        var applications = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            applications.Add(Guid.Parse(Id(await CertificateKit.ApplyAsync(resident))));
        }

        // Per application: two approvals (which may share a batch, or race in two) and a refusal, all at once.
        var requests = applications.SelectMany(a => new[]
        {
            first.PostAsync($"/api/applications/{a}/approve", null),
            second.PostAsync($"/api/applications/{a}/approve", null),
            second.PostAsJsonAsync($"/api/applications/{a}/refuse", new { reason = "材料不全" }),
        }.Select(async r => (Application: a, Response: await r)));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.Response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.Response.StatusCode.ToString()));
        var states = await CertificateKit.StatusesAsync(app, applications);
        var certificates = (await CertificateKit.CertificatesOfAsync(app, applications)).Select(c => new { TaskId = c.Application, c.Certificate.Identifier }).ToList();
        foreach (var application in applications)
        {
            Assert.Single(responses, r => r.Application == application && r.Response.StatusCode == HttpStatusCode.OK);
            var issued = certificates.Count(c => c.TaskId == application);
            Assert.Equal(states[application] == OneWindow.Applications.ApplicationStatus.Approved ? 1 : 0, issued);
            Assert.Contains(states[application], new[] { OneWindow.Applications.ApplicationStatus.Approved, OneWindow.Applications.ApplicationStatus.Refused });
        }
        await app.LedgerDrainedAsync();
        var identifiers = certificates.Select(c => c.Identifier).ToList();
        Assert.Equal(identifiers.Count, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Type == AuditLedger.Issued && identifiers.Contains(e.Subject))));
        await AuditFindsNothingAboutAsync(identifiers);
    }

    [Fact]
    public async Task An_approval_that_cannot_be_signed_fails_alone_and_the_others_in_its_batch_are_issued()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var unsigned = await app.SignedInAsync(await SecondVillageReviewerAsync("village-reviewer-unsigned", registerSignature: false));
        var applications = new List<Guid>();
        for (var i = 0; i < 9; i++)
        {
            applications.Add(Guid.Parse(Id(await CertificateKit.ApplyAsync(resident))));
        }

        var responses = await Task.WhenAll(applications.Select((a, i) => (i % 3 == 0 ? unsigned : reviewer).PostAsync($"/api/applications/{a}/approve", null)));

        for (var i = 0; i < applications.Count; i++)
        {
            if (i % 3 == 0)
            {
                var problem = await ProblemAssert.IsProblemAsync(responses[i], HttpStatusCode.Conflict);
                Assert.Contains("手写签名", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            }
        }
        var states = await CertificateKit.StatusesAsync(app, applications);
        var issued = (await CertificateKit.CertificatesOfAsync(app, applications)).Select(c => c.Application).ToHashSet();
        for (var i = 0; i < applications.Count; i++)
        {
            var expected = i % 3 == 0 ? OneWindow.Applications.ApplicationStatus.Submitted : OneWindow.Applications.ApplicationStatus.Approved;
            Assert.Equal(expected, states[applications[i]]);
            Assert.Equal(i % 3 != 0, issued.Contains(applications[i]));
        }
        Assert.Equal(6, (await CertificateKit.CertificatesOfAsync(app, applications)).Count);
    }

    [Fact]
    public async Task Approving_again_answers_409_and_writes_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var application = Id(await CertificateKit.ApplyAsync(resident));
        await CertificateKit.ApproveAsync(reviewer, application);
        await app.LedgerDrainedAsync();
        var before = await CountsAsync();

        var again = await reviewer.PostAsync($"/api/applications/{application}/approve", null);
        var refused = await reviewer.PostAsJsonAsync($"/api/applications/{application}/refuse", new { reason = "重复" });

        var problem = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("approved", problem.GetProperty("current").GetString());
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        await app.LedgerDrainedAsync();
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Revoking_twice_at_once_records_one_revocation()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var (certificateId, _) = await CertificateKit.IssueAsync(app, resident, reviewer);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => reviewer.PostAsJsonAsync($"/api/certificates/{certificateId}/revoke", new { reason = "居住情况发生变化" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var identifier = await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == Guid.Parse(certificateId)).Select(c => c.Identifier).SingleAsync());
        await app.LedgerDrainedAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Subject == identifier && e.Type == AuditLedger.Revoked)));
        await AuditFindsNothingAboutAsync([identifier]);
    }

    [Fact]
    public async Task Eight_simultaneous_seal_submissions_for_one_unit_leave_one_seal_waiting()
    {
        using var admin = await app.SignedInAsync("village-admin");
        var name = DemoData.Units.Single(u => u.Key == "village").Name;
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsJsonAsync($"/api/units/{unit}/seals", new { })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Seals.CountAsync(s => s.UnitId == unit && s.Status == RegistrationStatus.Submitted)));
        // Reject it again so the other tests' unit is as it was.
        using var township = await app.SignedInAsync("township-admin");
        var created = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonElement>();
        (await township.PostAsJsonAsync($"/api/seals/{Id(created)}/review", new { approve = false, note = "测试" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_audit_finds_an_entry_without_a_certificate_and_a_certificate_without_an_entry()
    {
        var clean = await AuditAsync();
        var writer = app.Services.GetRequiredService<OneWindow.Ledger.LedgerWriter>();
        var orphan = await writer.AppendAsync(OneWindow.Ledger.LedgerEvent.Create(AuditLedger.Issued, "1.2.156.3005.2.NOPE", "uscc:none", TimeProvider.System.GetUtcNow(), new { }), TestContext.Current.CancellationToken);

        var report = await AuditAsync();

        Assert.Contains(report.Findings, f => f.Kind == "entry-without-certificate" && f.LedgerIndex == orphan.Index);
        Assert.Equal(clean.FindingCount + 1, report.FindingCount);
        var cli = await app.CliAsync("ledger", "audit");
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("entry-without-certificate", cli.Out, StringComparison.Ordinal);
    }

    /// <summary>The audit has nothing to say about these certificates (other tests of the class may have planted orphans).</summary>
    private Task AuditFindsNothingAboutAsync(IReadOnlyCollection<string> identifiers) => app.AuditFindsNothingAboutAsync(identifiers);

    private Task<AuditLedger.Report> AuditAsync() => app.WithDbAsync(db => AuditLedger.RunAsync(db, TestContext.Current.CancellationToken));

    private Task<(int Certificates, int Entries, int Outbox)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.Certificates.CountAsync(), await db.LedgerEntries.CountAsync(), await db.LedgerOutbox.CountAsync()));

    /// <summary>Another reviewer of the village, by default with a registered signature; returns the account name.</summary>
    private async Task<string> SecondVillageReviewerAsync(string userName = "village-reviewer-2", bool registerSignature = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        if (await users.FindByNameAsync(userName) is not null)
        {
            return userName;
        }
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var first = await db.Users.SingleAsync(u => u.UserName == "village-reviewer");
        var account = new Account { UserName = userName, Kind = AccountKind.Staff, RealName = "陈静", UnitId = first.UnitId, Roles = StaffRoles.Reviewer };
        var created = await users.CreateAsync(account, DemoData.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        if (!registerSignature)
        {
            return userName;
        }
        var specimen = await db.SignatureSpecimens.AsNoTracking().FirstAsync(s => s.AccountId == first.Id && s.Status == RegistrationStatus.Registered);
        db.SignatureSpecimens.Add(new SignatureSpecimen
        {
            AccountId = account.Id,
            UnitId = first.UnitId!.Value,
            ImagePng = specimen.ImagePng,
            Status = RegistrationStatus.Registered,
            SubmittedBy = first.Id,
            SubmittedAt = TimeProvider.System.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        return userName;
    }
}

public sealed class ExactlyOnceTestsOnSqlite(SqliteApp app) : ExactlyOnceTests(app), IClassFixture<SqliteApp>;

public sealed class ExactlyOnceTestsOnPostgres(PostgresApp app) : ExactlyOnceTests(app), IClassFixture<PostgresApp>;
