using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OneWindow.Applications;

namespace OneWindow.Federation;

/// <summary>
/// The handling side's report back: whenever a save changes a case that another region's platform forwarded (a new
/// version — received, accepted, a supplement asked, approved with its certificate, refused), a status message to
/// that platform is added to the same save, so it commits with the change or not at all, and no verb of the engine
/// knows about federation. The report's body is written when it is first sent, from the case as it stands then.
/// </summary>
public sealed class FederationDispatch(IOptions<FederationOptions> options, TimeProvider clock) : SaveChangesInterceptor
{
    public const string StatusType = "application.status";

    public event Action? Staged;

    /// <summary>Wakes the deliverers now (after a forward was queued).</summary>
    public void Wake() => Staged?.Invoke();

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
        Woken(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Woken(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Woken(DbContext? context)
    {
        if (context is OneWindowDb db && db.ChangeTracker.Entries<FederationMessage>().Any(e => e.Entity.Direction == MessageDirection.Out))
        {
            Wake(); // inside a transaction the deliverer may not see the row yet: its next poll does
        }
    }

    private void Stage(DbContext? context)
    {
        if (context is not OneWindowDb db || !options.Value.Enabled)
        {
            return;
        }
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        List<Application> changed;
        try
        {
            changed = [.. db.ChangeTracker.Entries<Application>()
                .Where(e => e.Entity.OriginRegion is not null && e.State is EntityState.Added or EntityState.Modified)
                .Select(e => e.Entity)];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        foreach (var application in changed)
        {
            if (db.ChangeTracker.Entries<FederationMessage>().Any(m => m.Entity.CaseId == application.Id && m.Entity.CaseVersion == application.Version))
            {
                continue; // a save retried in the same context
            }
            FederationOutbox.Queue(db, options.Value, application.OriginRegion!, StatusType, application.Id, application.Version, body: null, clock.GetUtcNow());
        }
    }
}
