using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Storage;

namespace OneWindow.Departments;

/// <summary>
/// Stages a webhook message whenever a save changes a task in a way its department must hear of — a task reaches
/// the unit's queue (<c>task.queued</c>), the applicant answers a supplement (<c>task.supplemented</c>), a task
/// is cancelled because a prerequisite was refused (<c>task.cancelled</c>) — for units that registered an
/// endpoint. The message is added to the same save, so it commits with the task change or not at all; every
/// verb of the engine is covered without knowing about departments.
/// </summary>
public sealed class DepartmentDispatch(TableWatch watch, TimeProvider clock, IOptions<CacheOptions> cacheOptions) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, object> _staging = [];

    /// <summary>Contexts whose current save staged a message: the only ones <see cref="SavedChanges"/> has to look at.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _stagedBy = [];

    public const string Queued = "task.queued";
    public const string Supplemented = "task.supplemented";
    public const string Cancelled = "task.cancelled";

    /// <summary>Web defaults, with Chinese written as itself (not <c>\uXXXX</c>) for the people who read a department's logs; HTML-sensitive characters stay escaped.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private readonly TableCache<Guid, bool> _connected = new(watch, "department_endpoints", clock, cacheOptions);

    /// <summary>Raised after a save that staged messages commits (the deliverer wakes up instead of waiting for its poll).</summary>
    public event Action? Staged;

    /// <summary>Wakes the deliverers now (e.g. after a replay).</summary>
    public void Wake() => Staged?.Invoke();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is OneWindowDb db && Changes(db) is { Count: > 0 } changes)
        {
            Stage(db, changes, ConnectedAsync(db, changes).GetAwaiter().GetResult());
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OneWindowDb db && Changes(db) is { Count: > 0 } changes)
        {
            Stage(db, changes, await ConnectedAsync(db, changes));
        }
        return result;
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
        // Looked up, not scanned: enumerating the change tracker here would run DetectChanges on every save of the process.
        if (context is null || !_stagedBy.TryGetValue(context, out _))
        {
            return;
        }
        _stagedBy.Remove(context);
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            _staging.AddOrUpdate(transaction, this); // woken when it commits
        }
        else
        {
            Staged?.Invoke();
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_staging.TryGetValue(transaction, out _))
        {
            _staging.Remove(transaction);
            Staged?.Invoke();
        }
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    private sealed record Change(ApplicationTask Task, Guid ApplicationId, string Type);

    private static List<Change> Changes(OneWindowDb db)
    {
        var changes = new List<Change>();
        if (!TracksTasks(db))
        {
            return changes; // most saves of the process: no need to detect changes an extra time
        }
        foreach (var entry in db.ChangeTracker.Entries<ApplicationTask>())
        {
            var now = entry.Entity.State;
            string? type = null;
            if (entry.State == EntityState.Added)
            {
                type = now == TaskState.Queued ? Queued : null;
            }
            else if (entry.State == EntityState.Modified && entry.OriginalValues[nameof(ApplicationTask.State)] is TaskState before && before != now)
            {
                type = now switch
                {
                    TaskState.Queued => Queued,
                    TaskState.Accepted when before == TaskState.SupplementRequested => Supplemented,
                    TaskState.Cancelled => Cancelled,
                    _ => null,
                };
            }
            if (type is not null && entry.Property("ApplicationId").CurrentValue is Guid application)
            {
                changes.Add(new Change(entry.Entity, application, type));
            }
        }
        return changes;
    }

    /// <summary>Whether the context tracks any task at all, asked without running DetectChanges (a task is tracked from the moment it is added or loaded).</summary>
    private static bool TracksTasks(OneWindowDb db) => WithoutDetecting(db, () => db.ChangeTracker.Entries<ApplicationTask>().Any());

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

    private async Task<Dictionary<Guid, bool>> ConnectedAsync(OneWindowDb db, List<Change> changes)
    {
        var units = changes.Select(c => c.Task.UnitId).Distinct().ToList();
        return await _connected.GetManyAsync(units, async wanted =>
        {
            var enabled = await db.DepartmentEndpoints.AsNoTracking().Where(e => wanted.Contains(e.UnitId) && e.Enabled).Select(e => e.UnitId).ToListAsync();
            return wanted.ToDictionary(u => u, enabled.Contains);
        });
    }

    private void Stage(OneWindowDb db, List<Change> changes, Dictionary<Guid, bool> connected)
    {
        var wanted = changes.Where(c => connected.GetValueOrDefault(c.Task.UnitId)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        // Changes(db) has just detected changes; reading the tracker again need not repeat that.
        // A save retried after a failure has already staged its changes: once is enough.
        var staged = WithoutDetecting(db, () => db.ChangeTracker.Entries<WebhookMessage>().Where(m => m.State == EntityState.Added).Select(m => (m.Entity.TaskId, m.Entity.Type)).ToHashSet());
        var applications = WithoutDetecting(db, () => db.ChangeTracker.Entries<Application>().Select(a => a.Entity).ToDictionary(a => a.Id));
        var now = clock.GetUtcNow();
        foreach (var change in wanted.Where(c => !staged.Contains((c.Task.Id, c.Type))))
        {
            db.WebhookMessages.Add(Message(change, applications.GetValueOrDefault(change.ApplicationId), now));
        }
        _stagedBy.AddOrUpdate(db, this);
    }

    private static WebhookMessage Message(Change change, Application? application, DateTimeOffset now) => new()
    {
        Id = "msg_" + Guid.CreateVersion7(now).ToString("N"),
        UnitId = change.Task.UnitId,
        TaskId = change.Task.Id,
        ApplicationId = change.ApplicationId,
        Type = change.Type,
        Payload = Payload(change, application, now),
        CreatedAt = now.ToUnixTimeMilliseconds(),
        DueAt = now.ToUnixTimeMilliseconds(),
    };

    /// <summary>The Standard Webhooks body: <c>type</c>, <c>timestamp</c> and the task as its department needs it.</summary>
    private static string Payload(Change change, Application? application, DateTimeOffset now)
    {
        var task = change.Task;
        return JsonSerializer.Serialize(new
        {
            type = change.Type,
            timestamp = now.ToUniversalTime(),
            data = new
            {
                taskId = task.Id,
                applicationId = change.ApplicationId,
                unitId = task.UnitId,
                item = task.ItemCode,
                bundle = application?.BundleCode,
                channel = application is null ? null : EnumText.Of(application.Channel),
                submittedAt = application?.SubmittedAt,
                state = EnumText.Of(task.State),
                startedOn = task.StartedOn,
                dueDate = task.DueDate,
                fields = task.Fields,
                inputs = task.Inputs,
                supplementFields = task.SupplementFields,
                supplementMaterials = task.SupplementMaterials,
                reason = task.Reason,
            },
        }, Json);
    }
}
