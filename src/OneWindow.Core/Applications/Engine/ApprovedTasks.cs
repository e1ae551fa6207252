using Microsoft.EntityFrameworkCore;

namespace OneWindow.Applications;

/// <summary>
/// What other modules may know of an approved task (the benefit rules listen to approvals): its item, the division
/// the matter belongs to, and its values — the form's fields with the results the reviewer gave laid over them.
/// </summary>
public static class ApprovedTasks
{
    public sealed record Facts(string ItemCode, string DivisionCode, IReadOnlyDictionary<string, string> Values);

    /// <summary>The facts of an approved task; null when there is no such task or it is not approved.</summary>
    public static async Task<Facts?> FactsAsync(OneWindowDb db, Guid applicationId, Guid taskId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.ApplicationTasks.AsNoTracking()
            .Where(t => t.Id == taskId && EF.Property<Guid>(t, "ApplicationId") == applicationId && t.State == TaskState.Approved)
            .Join(db.Applications.AsNoTracking(), t => EF.Property<Guid>(t, "ApplicationId"), a => a.Id, (t, a) => new { t.ItemCode, t.Fields, t.Result, a.DivisionCode })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var values = new Dictionary<string, string>(row.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in row.Result)
        {
            values[name] = value;
        }
        return new Facts(row.ItemCode, row.DivisionCode, values);
    }

    /// <summary>
    /// The latest approvals of <paramref name="itemCode"/> since <paramref name="since"/> (at most <paramref name="take"/>),
    /// with their facts: what a dry run of a rule set off by approvals is tried on. Approvals made before tasks kept their
    /// last action's time are not among them.
    /// </summary>
    public static async Task<List<(Guid ApplicationId, Guid TaskId, Facts Facts)>> RecentAsync(OneWindowDb db, string itemCode, DateTimeOffset since, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var from = since.ToUnixTimeMilliseconds();
        var rows = await db.ApplicationTasks.AsNoTracking()
            .Where(t => t.ItemCode == itemCode && t.State == TaskState.Approved && t.LastActedAt >= from)
            .OrderByDescending(t => t.LastActedAt).Take(take)
            .Join(db.Applications.AsNoTracking(), t => EF.Property<Guid>(t, "ApplicationId"), a => a.Id, (t, a) => new { TaskId = t.Id, CaseId = a.Id, t.ItemCode, t.Fields, t.Result, a.DivisionCode })
            .ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var values = new Dictionary<string, string>(r.Fields, StringComparer.Ordinal);
            foreach (var (name, value) in r.Result)
            {
                values[name] = value;
            }
            return (r.CaseId, r.TaskId, new Facts(r.ItemCode, r.DivisionCode, values));
        })];
    }

    /// <summary>
    /// The approvals of <paramref name="items"/> a save is about to commit (tasks it moves to approved), each with its
    /// case: read from the change tracker, so a listener stages its own row in the same save.
    /// </summary>
    public static List<(Guid ApplicationId, Guid TaskId, string ItemCode)> BeingApproved(OneWindowDb db, Func<string, bool> items)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var approved = new List<(Guid, Guid, string)>();
        if (!WithoutDetecting(db, () => db.ChangeTracker.Entries<ApplicationTask>().Any()))
        {
            return approved; // most saves of the process track no task: no need to detect changes an extra time
        }
        foreach (var entry in db.ChangeTracker.Entries<ApplicationTask>())
        {
            if (entry.State == EntityState.Modified && entry.Entity.State == TaskState.Approved
                && entry.OriginalValues[nameof(ApplicationTask.State)] is TaskState before && before != TaskState.Approved
                && items(entry.Entity.ItemCode) && entry.Property("ApplicationId").CurrentValue is Guid application)
            {
                approved.Add((application, entry.Entity.Id, entry.Entity.ItemCode));
            }
        }
        return approved;
    }

    private static T WithoutDetecting<T>(DbContext db, Func<T> read)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
