using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// Escalates every overdue task to its unit's supervising unit, once. Safe to run from several processes
/// at once: each case is saved against its version, so a task escalated by another run is skipped.
/// </summary>
public static class EscalateOverdueTasks
{
    /// <summary>Returns how many tasks were escalated by this run.</summary>
    public static async Task<int> RunAsync(OneWindowDb db, DateTimeOffset now, DateOnly today, CancellationToken ct, int maxCases = 500)
    {
        ArgumentNullException.ThrowIfNull(db);
        var overdue = await db.ApplicationTasks.AsNoTracking()
            .Where(t => (t.State == TaskState.Queued || t.State == TaskState.Accepted) && t.DueDate != null && t.DueDate < today && t.EscalatedAt == null)
            .Select(t => new { CaseId = EF.Property<Guid>(t, "ApplicationId"), t.Id, t.UnitId })
            .Take(maxCases * 8).ToListAsync(ct);
        var unitIds = overdue.Select(t => t.UnitId).Distinct().ToList();
        var supervisors = await UnitQueries.SupervisorsAsync(db, unitIds, ct);
        var escalated = 0;
        foreach (var group in overdue.Where(t => supervisors.ContainsKey(t.UnitId)).GroupBy(t => t.CaseId).Take(maxCases))
        {
            db.ChangeTracker.Clear();
            var application = await db.Applications.FirstAsync(a => a.Id == group.Key, ct);
            var changed = group.Count(t => application.Escalate(t.Id, supervisors[t.UnitId], now, today) is null);
            if (changed == 0)
            {
                continue;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                escalated += changed;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed (or escalated) by someone else since it was read; the next run looks again.
            }
        }
        db.ChangeTracker.Clear();
        return escalated;
    }

    /// <summary>Tells the units of open tasks due today or on the next working day, once per task; returns how many.</summary>
    public static async Task<int> AnnounceDueSoonAsync(OneWindowDb db, Calendar.WorkingCalendar calendar, DateTimeOffset now, DateOnly today, CancellationToken ct, int maxCases = 500)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var next = calendar.Due(today, 1);
        if (!next.Succeeded)
        {
            return 0;
        }
        var dueBy = next.Value;
        var soon = await db.ApplicationTasks.AsNoTracking()
            .Where(t => (t.State == TaskState.Queued || t.State == TaskState.Accepted) && t.DueDate != null && t.DueDate >= today && t.DueDate <= dueBy && t.DueSoonNotifiedAt == null)
            .Select(t => new { CaseId = EF.Property<Guid>(t, "ApplicationId"), t.Id })
            .Take(maxCases * 8).ToListAsync(ct);
        var announced = 0;
        foreach (var group in soon.GroupBy(t => t.CaseId).Take(maxCases))
        {
            db.ChangeTracker.Clear();
            var application = await db.Applications.FirstAsync(a => a.Id == group.Key, ct);
            var changed = group.Count(t => application.MarkDueSoon(t.Id, dueBy, now) is null);
            if (changed == 0)
            {
                continue;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                announced += changed;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed by someone else since it was read; the next run looks again.
            }
        }
        db.ChangeTracker.Clear();
        return announced;
    }
}
