using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Applications;

/// <summary>
/// The application aggregate stored on both providers: tasks, the form and the timeline come back as
/// they were saved, and of two simultaneous decisions on one application exactly one is saved.
/// </summary>
public abstract class ApplicationStorageTests(OneWindowApp app)
{
    private static readonly DateTimeOffset s_now = new(2026, 9, 21, 9, 0, 0, TimeSpan.FromHours(8));

    private async Task<Guid> SaveNewbornAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarCache>().GetAsync(db, TestContext.Current.CancellationToken);
        var bundle = await db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN");
        var items = await db.ServiceItems.AsNoTracking().Where(i => bundle.Items.Contains(i.Code)).ToDictionaryAsync(i => i.Code);
        var parent = await db.Users.SingleAsync(u => u.IdNumber == DemoData.ResidentIdNumber);
        var unit = await db.Units.Select(u => u.Id).FirstAsync(); // any existing unit: this test is about storage, routing is tested apart
        var today = new DateOnly(2026, 9, 21);
        var form = SampleForms.For(bundle.Fields);
        form["childName"] = $"李{Random.Shared.Next(1, 1_000_000)}"; // another child each time: the same answers twice would be one matter
        var plan = ApplicationPlanner.Plan(bundle, items, form, today).Value!;
        var application = Application.Open(
            new ApplicationDraft(bundle.Code, null, parent.Id, null, Channel.Web, DemoData.VillageCode, form, bundle.TimeLimitDays),
            plan, plan.ToDictionary(t => t.ItemCode, _ => unit), items.ToDictionary(i => i.Key, i => i.Value.TimeLimitDays), calendar, s_now, today);
        db.Applications.Add(application);
        await db.SaveChangesAsync();
        return application.Id;
    }

    [Fact]
    public async Task An_application_comes_back_with_its_tasks_form_and_timeline()
    {
        var id = await SaveNewbornAsync();

        var stored = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Equal(7, stored.Tasks.Count);
        Assert.Equal("NEWBORN", stored.BundleCode);
        Assert.Equal(ApplicationState.InProgress, stored.State);
        var household = stored.Tasks.Single(t => t.ItemCode == "HOUSEHOLD-REG-BIRTH");
        Assert.Equal(TaskState.Waiting, household.State);
        Assert.Equal(["BIRTH-MEDICAL-CERT"], household.Requires);
        Assert.Equal(new DateOnly(2026, 9, 22), stored.Tasks.Single(t => t.ItemCode == "BIRTH-MEDICAL-CERT").DueDate);
        Assert.Equal(stored.Form["childName"], stored.Tasks.Single(t => t.ItemCode == "MEDICAL-INSURANCE-ENROL").Fields["insuredName"]);
        Assert.Contains("insuredIdNumber", stored.Tasks.Single(t => t.ItemCode == "MEDICAL-INSURANCE-ENROL").Awaited);
        Assert.Equal("submitted", stored.History[0].Kind);
    }

    [Fact]
    public async Task A_decision_is_saved_with_the_started_successors_and_of_two_simultaneous_decisions_one_wins()
    {
        var id = await SaveNewbornAsync();
        var calendar = await app.WithDbAsync(db => app.Services.GetRequiredService<CalendarCache>().GetAsync(db, TestContext.Current.CancellationToken));
        var staff = Guid.CreateVersion7();
        var today = new DateOnly(2026, 9, 22);

        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<OneWindowDb>();
        var db2 = second.ServiceProvider.GetRequiredService<OneWindowDb>();
        var a1 = await db1.Applications.SingleAsync(a => a.Id == id);
        var a2 = await db2.Applications.SingleAsync(a => a.Id == id);
        var birth1 = a1.Tasks.Single(t => t.ItemCode == "BIRTH-MEDICAL-CERT");
        var birth2 = a2.Tasks.Single(t => t.ItemCode == "BIRTH-MEDICAL-CERT");
        Assert.Null(a1.Approve(birth1.Id, staff, new Dictionary<string, string> { ["birthCertificateNumber"] = "R130123000001" }, calendar, s_now, today));
        Assert.Null(a2.Refuse(birth2.Id, staff, "出生记录不一致", s_now));

        await db1.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        var stored = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(TaskState.Approved, stored.Tasks.Single(t => t.ItemCode == "BIRTH-MEDICAL-CERT").State);
        var household = stored.Tasks.Single(t => t.ItemCode == "HOUSEHOLD-REG-BIRTH");
        Assert.Equal(TaskState.Queued, household.State);
        Assert.Equal("R130123000001", household.Inputs["BIRTH-MEDICAL-CERT"]["birthCertificateNumber"]);
        Assert.DoesNotContain(stored.History, e => e.Kind == "refused");
        Assert.Equal(a1.Version, stored.Version);
    }
}

public sealed class ApplicationStorageTestsOnSqlite(SqliteApp app) : ApplicationStorageTests(app), IClassFixture<SqliteApp>;

public sealed class ApplicationStorageTestsOnPostgres(PostgresApp app) : ApplicationStorageTests(app), IClassFixture<PostgresApp>;
