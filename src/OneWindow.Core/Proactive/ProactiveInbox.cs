using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneWindow.Applications;

namespace OneWindow.Proactive;

/// <summary>
/// Stages an event for the benefit rules whenever a save approves a task of an item some rule listens for: the event
/// row is added to the same save, so it commits with the approval or not at all, and no verb of the engine knows
/// about benefits. <see cref="Staged"/> wakes the worker after the save.
/// </summary>
public sealed class ProactiveInbox(ProactiveRules rules, TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>Contexts whose current save staged an event: only their saves wake the worker.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _stagedBy = [];

    public event Action? Staged;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stage(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stage(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Wake(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wake(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Wake(DbContext? context)
    {
        if (context is not null && _stagedBy.TryGetValue(context, out _))
        {
            _stagedBy.Remove(context);
            Staged?.Invoke(); // inside a transaction the worker may not see the row yet: its next poll does
        }
    }

    private void Stage(DbContext? context)
    {
        if (context is not OneWindowDb db)
        {
            return;
        }
        var engine = rules.Engine;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (application, task, item) in ApprovedTasks.BeingApproved(db, code => engine.Listens(TriggerKind.TaskApproved, code)))
        {
            var id = $"{application}/{task}";
            if (db.ChangeTracker.Entries<ProactiveEvent>().Any(e => e.Entity.EventId == id))
            {
                continue; // a save retried in the same context
            }
            db.ProactiveEvents.Add(new ProactiveEvent { Kind = TriggerKind.TaskApproved, Source = item, EventId = id, ApplicationId = application, TaskId = task, ReceivedAt = now });
            _stagedBy.AddOrUpdate(db, this);
        }
    }
}
