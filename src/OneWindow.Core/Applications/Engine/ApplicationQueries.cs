using Microsoft.EntityFrameworkCore;

namespace OneWindow.Applications;

/// <summary>How other modules read cases: the engine's tables belong to Applications (<c>ModuleTableTests</c>). Reads are untracked.</summary>
public static class ApplicationQueries
{
    /// <summary>A case with its tasks, or null.</summary>
    public static Task<Application?> FindAsync(OneWindowDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>Cases with their tasks, by id.</summary>
    public static Task<List<Application>> ManyAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
    }

    /// <summary>Each case's materials given (and of them, given from shared data).</summary>
    public static Task<Dictionary<Guid, (int Count, int Shared)>> MaterialCountsAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ApplicationMaterials.AsNoTracking().Where(m => ids.Contains(m.ApplicationId))
            .GroupBy(m => m.ApplicationId).Select(g => new { g.Key, Count = g.Count(), Shared = g.Count(m => m.Source == MaterialSource.SharedData) })
            .ToDictionaryAsync(g => g.Key, g => (g.Count, g.Shared), ct);
    }

    /// <summary>An open task and when it is due.</summary>
    public sealed record DueTask(Guid CaseId, Guid TaskId, string ItemCode, Guid UnitId, DateOnly DueDate, TaskState State);

    /// <summary>Open (queued or accepted) tasks of the given units due from <paramref name="from"/> to <paramref name="until"/>, earliest first.</summary>
    public static async Task<List<DueTask>> OpenTasksDueAsync(OneWindowDb db, IReadOnlyCollection<Guid> units, DateOnly from, DateOnly until, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ApplicationTasks.AsNoTracking()
            .Where(t => units.Contains(t.UnitId) && (t.State == TaskState.Queued || t.State == TaskState.Accepted) && t.DueDate != null && t.DueDate >= from && t.DueDate <= until)
            .OrderBy(t => t.DueDate).Take(take)
            .Select(t => new { CaseId = EF.Property<Guid>(t, "ApplicationId"), t.Id, t.ItemCode, t.UnitId, t.DueDate, t.State }).ToListAsync(ct);
        return [.. rows.Select(r => new DueTask(r.CaseId, r.Id, r.ItemCode, r.UnitId, r.DueDate!.Value, r.State))];
    }

    public sealed record CaseRow(Guid Id, string Code, string DivisionCode, Channel Channel, ApplicationState State, DateTimeOffset SubmittedAt, DateOnly? DueDate);

    /// <summary>The cases of a division subtree, read one by one as they are enumerated (for exports in constant memory), in the order they were made.</summary>
    public static IEnumerable<CaseRow> InSubtree(OneWindowDb db, string divisionPrefix)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Applications.AsNoTracking().Where(a => a.DivisionCode.StartsWith(divisionPrefix)).OrderBy(a => a.Id)
            .Select(a => new CaseRow(a.Id, a.BundleCode ?? a.ItemCode!, a.DivisionCode, a.Channel, a.State, a.SubmittedAt, a.DueDate)).AsEnumerable();
    }
}
