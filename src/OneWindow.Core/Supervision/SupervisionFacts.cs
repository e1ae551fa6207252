using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneWindow.Applications;

namespace OneWindow.Supervision;

/// <summary>
/// Writes a <see cref="SupervisionFact"/> in the save of each change the supervision rollups count — a case submitted, a
/// case finished, a supplement asked for — and wakes the folder once the save has committed.
/// </summary>
public sealed class SupervisionFacts(TimeProvider clock) : SaveChangesInterceptor
{
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
            Staged?.Invoke();
        }
    }

    private void Stage(DbContext? context)
    {
        if (context is not OneWindowDb db)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var staged = db.ChangeTracker.Entries<SupervisionFact>().Select(f => (f.Entity.Kind, f.Entity.ApplicationId)).ToHashSet();
        void Add(FactKind kind, Guid applicationId)
        {
            if (kind != FactKind.Supplement && !staged.Add((kind, applicationId)))
            {
                return; // a save retried in the same unit of work
            }
            db.SupervisionFacts.Add(new SupervisionFact { Kind = kind, ApplicationId = applicationId, At = now });
            _stagedBy.AddOrUpdate(db, this);
        }
        foreach (var entry in db.ChangeTracker.Entries<Application>().ToList())
        {
            if (entry.State == EntityState.Added)
            {
                Add(FactKind.Received, entry.Entity.Id);
            }
            else if (entry.State == EntityState.Modified && entry.OriginalValues[nameof(Application.State)] is ApplicationState.InProgress && entry.Entity.State != ApplicationState.InProgress)
            {
                Add(FactKind.Closed, entry.Entity.Id);
            }
        }
        foreach (var entry in db.ChangeTracker.Entries<ApplicationTask>().Where(e => e.State == EntityState.Modified).ToList())
        {
            if (entry.OriginalValues[nameof(ApplicationTask.State)] is TaskState before && before != TaskState.SupplementRequested && entry.Entity.State == TaskState.SupplementRequested
                && entry.Property("ApplicationId").CurrentValue is Guid caseId)
            {
                Add(FactKind.Supplement, caseId);
            }
        }
    }
}
