using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataSharing;
using OneWindow.Proactive;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// The pages of 免申即享: the person sees a benefit granted to her with why, and objects (then is offered the normal
/// application); the granting unit's reviewer records the payment; a platform admin tries the age-80 rule before it
/// runs and sees whom it would reach, masked.
/// </summary>
public sealed class BenefitPagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    /// <summary>A registered resident of 86 whose household record the police wrote, and the scan's grant of the age-80 allowance.</summary>
    private async Task<(HttpClient Person, Guid Grant)> ElderGrantedAsync()
    {
        var body = $"1301231940021{Random.Shared.Next(0, 10)}{Random.Shared.Next(100, 1000)}";
        var id = body + OneWindow.Formats.ResidentIdNumber.CheckCharacter(body);
        using (var visitor = app.Client())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync("/api/residents", new { realName = "刘晓梅", idNumber = id, password = "longpass123" })).StatusCode);
        }
        using (var police = await app.SignedInAsync("county-police-reviewer"))
        {
            var written = await police.PutAsJsonAsync("/api/data/items/police.household/records", new
            {
                subject = id, data = new { name = "刘晓梅", idNumber = id, householdNumber = "130123004512", relationToHead = "户主", address = "正定镇西关村3组12号", divisionCode = DemoData.VillageCode },
            });
            Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        }
        var scanned = await app.WithScopeAsync(s => s.GetRequiredService<ScanBenefits>().RunAsync("elderly-allowance-at-80", false, null, TestContext.Current.CancellationToken));
        Assert.True(scanned.Succeeded);
        var keys = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<SubjectKeys>()));
        var grant = await app.WithDbAsync(db => db.BenefitGrants.AsNoTracking().Where(g => g.SubjectHash == keys.Of(DataSubjectKind.Resident, id)).Select(g => g.Id).SingleAsync());
        return (await app.SignedInAsync(id, "longpass123"), grant);
    }

    [Fact]
    public async Task The_person_sees_why_a_benefit_was_granted_and_objects_to_it_then_is_offered_the_normal_application()
    {
        var (person, grant) = await ElderGrantedAsync();
        var page = WebUtility.HtmlDecode(await person.GetStringAsync("/Benefits"));
        Assert.Contains("高龄津贴发放", page, StringComparison.Ordinal);
        Assert.Contains("核定待发放", page, StringComparison.Ordinal);
        Assert.Contains("正定县民政局", page, StringComparison.Ordinal);
        Assert.Contains("年龄（不小于 80 周岁）：86 · 符合", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1301231940", page, StringComparison.Ordinal); // the identity number is masked

        var empty = WebUtility.HtmlDecode(await PageForms.PostAsync(person, "/Benefits", "Object", [F("id", grant.ToString()), F("reason", " ")]));
        Assert.Contains("异议理由", empty[empty.IndexOf("form-errors", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var objected = WebUtility.HtmlDecode(await PageForms.PostAsync(person, $"/Benefits?id={grant}", "Object", [F("reason", "我已在外地领取")]));
        Assert.Contains("已记录您的异议", objected, StringComparison.Ordinal);
        Assert.Contains("href=\"/Cases/Apply/ELDERLY-ALLOWANCE\"", objected, StringComparison.Ordinal);
        Assert.Contains("已提出异议", objected, StringComparison.Ordinal);
        person.Dispose();
    }

    [Fact]
    public async Task The_granting_units_reviewer_records_the_payment_and_another_unit_sees_nothing()
    {
        var (person, grant) = await ElderGrantedAsync();
        using var reviewer = await app.SignedInAsync("county-civil-affairs-reviewer");
        var list = WebUtility.HtmlDecode(await reviewer.GetStringAsync("/Units/Benefits"));
        Assert.Contains("高龄津贴发放", list, StringComparison.Ordinal);
        Assert.Contains("登记已发放", list, StringComparison.Ordinal);
        var paid = WebUtility.HtmlDecode(await PageForms.PostAsync(reviewer, $"/Units/Benefits?id={grant}", "Pay", []));
        Assert.Contains("已登记发放", paid, StringComparison.Ordinal);
        var again = WebUtility.HtmlDecode(await PageForms.PostAsync(reviewer, $"/Units/Benefits?id={grant}", "Pay", []));
        Assert.Contains("不能再办理", again, StringComparison.Ordinal);
        using var insurance = await app.SignedInAsync("county-medical-insurance-reviewer");
        Assert.DoesNotContain("高龄津贴", WebUtility.HtmlDecode(await insurance.GetStringAsync("/Units/Benefits")), StringComparison.Ordinal);
        Assert.Contains("已发放", WebUtility.HtmlDecode(await person.GetStringAsync("/Benefits")), StringComparison.Ordinal);
        person.Dispose();
    }

    [Fact]
    public async Task A_platform_admin_tries_the_age_80_rule_and_sees_whom_it_would_reach_without_granting()
    {
        using var admin = await app.SignedInAsync("admin");
        var rules = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Rules"));
        Assert.Contains("生育津贴免申即享", rules, StringComparison.Ordinal);
        Assert.Contains("国发〔2015〕52号", rules, StringComparison.Ordinal);
        var before = await app.WithDbAsync(db => db.BenefitGrants.CountAsync());
        var tried = WebUtility.HtmlDecode(await PageForms.PostAsync(admin, "/Admin/Rules", "Try", [F("rule", "elderly-allowance-at-80")]));
        Assert.Matches(@"比对 \d+ 条记录", tried);
        Assert.Equal(before, await app.WithDbAsync(db => db.BenefitGrants.CountAsync()));
        // A rule set off by approvals is tried on the last 90 days' approvals of its item.
        var onApprovals = WebUtility.HtmlDecode(await PageForms.PostAsync(admin, "/Admin/Rules", "Try", [F("rule", "maternity-allowance-on-birth")]));
        Assert.Matches(@"比对 \d+ 条记录", onApprovals);
        Assert.DoesNotContain("form-errors", onApprovals, StringComparison.Ordinal);
        var unknown = WebUtility.HtmlDecode(await PageForms.PostAsync(admin, "/Admin/Rules", "Try", [F("rule", "no-such-rule")]));
        Assert.Contains("form-errors", unknown, StringComparison.Ordinal);
        using var clerk = await app.SignedInAsync("village-clerk");
        Assert.Contains("/Account/Denied", (await clerk.GetAsync("/Admin/Rules")).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
