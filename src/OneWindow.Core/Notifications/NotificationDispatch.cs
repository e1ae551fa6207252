using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneWindow.Applications;

namespace OneWindow.Notifications;

/// <summary>
/// Puts a notification in the person's inbox in the same save as what it tells of — a case submitted; a supplement
/// asked for; a task approved (its certificate issued) or refused; a benefit granted without application; a case
/// forwarded to another region completed or refused there — so it
/// commits with the change or not at all, and no verb knows about notifications. E-mail and SMS go out afterwards from
/// the outbox (<see cref="NotificationOutbox"/>).
/// </summary>
public sealed class NotificationDispatch(TimeProvider clock) : SaveChangesInterceptor
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

    /// <summary>Wakes the deliverers now.</summary>
    public void Wake() => Staged?.Invoke();

    private void Wake(DbContext? context)
    {
        if (context is not null && _stagedBy.TryGetValue(context, out _))
        {
            _stagedBy.Remove(context);
            Wake();
        }
    }

    private void Stage(DbContext? context)
    {
        if (context is not OneWindowDb db)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var cases = db.ChangeTracker.Entries<Application>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        foreach (var added in cases.Values.Where(a => db.Entry(a).State == EntityState.Added))
        {
            Add(db, new Notification
            {
                RecipientId = added.ApplicantId, Event = NotificationEvent.Submitted, Key = $"{added.Id}:submitted", Link = $"/Cases/{added.Id}",
                ItemCode = added.ItemCode ?? added.BundleCode, Reference = added.Id.ToString(), CreatedAt = now,
            });
        }
        foreach (var entry in db.ChangeTracker.Entries<ApplicationTask>().Where(e => e.State == EntityState.Modified).ToList())
        {
            var task = entry.Entity;
            if (entry.OriginalValues[nameof(ApplicationTask.State)] is not TaskState before
                || entry.Property("ApplicationId").CurrentValue is not Guid caseId || !cases.TryGetValue(caseId, out var application))
            {
                continue;
            }
            if (entry.OriginalValues[nameof(ApplicationTask.SupplementAnsweredAt)] is var answeredBefore && !Equals(answeredBefore, task.SupplementAnsweredAt) && task.SupplementAnsweredAt is not null)
            {
                AddForUnit(db, task.UnitId, NotificationEvent.SupplementReceived, $"{task.Id}:answered:{task.SupplementAnsweredAt}", task, caseId, now);
            }
            if (entry.OriginalValues[nameof(ApplicationTask.DueSoonNotifiedAt)] is null && task.DueSoonNotifiedAt is not null)
            {
                AddForUnit(db, task.UnitId, NotificationEvent.DueSoon, $"{task.Id}:due-soon", task, caseId, now);
            }
            if (entry.OriginalValues[nameof(ApplicationTask.EscalatedAt)] is null && task.EscalatedAt is not null)
            {
                AddForUnit(db, task.UnitId, NotificationEvent.Overdue, $"{task.Id}:overdue", task, caseId, now);
                if (task.EscalatedToUnitId is { } above)
                {
                    AddForUnit(db, above, NotificationEvent.Overdue, $"{task.Id}:overdue", task, caseId, now);
                }
            }
            if (before == task.State)
            {
                continue;
            }
            NotificationEvent? what = task.State switch
            {
                TaskState.SupplementRequested => NotificationEvent.SupplementRequested,
                TaskState.Approved => task.Result.ContainsKey(DecideTask.CertificateResult) ? NotificationEvent.CertificateIssued : NotificationEvent.Approved,
                TaskState.Refused => NotificationEvent.Refused,
                _ => null,
            };
            if (what is { } kind)
            {
                Add(db, new Notification
                {
                    RecipientId = application.ApplicantId, Event = kind, Key = $"{task.Id}:{task.State}:{task.LastActedAt}", Link = $"/Cases/{caseId}",
                    ItemCode = task.ItemCode, Reference = kind == NotificationEvent.CertificateIssued ? task.Result[DecideTask.CertificateResult] : caseId.ToString(),
                    Note = kind is NotificationEvent.Refused or NotificationEvent.SupplementRequested ? task.Reason : null, CreatedAt = now,
                });
            }
        }
        // 跨省通办: a case forwarded to another region's platform, as its reports move it on here.
        foreach (var entry in db.ChangeTracker.Entries<Federation.ForwardedCase>().Where(e => e.State == EntityState.Modified).ToList())
        {
            var forwarded = entry.Entity;
            if (entry.OriginalValues[nameof(Federation.ForwardedCase.State)] is not Federation.ForwardedState before || before == forwarded.State)
            {
                continue;
            }
            NotificationEvent? what = forwarded.State switch
            {
                Federation.ForwardedState.Completed or Federation.ForwardedState.PartlyCompleted => NotificationEvent.Approved,
                Federation.ForwardedState.Refused or Federation.ForwardedState.NotAccepted => NotificationEvent.Refused,
                _ => null,
            };
            if (what is { } kind)
            {
                Add(db, new Notification
                {
                    RecipientId = forwarded.ApplicantId, Event = kind, Key = $"forwarded:{forwarded.Id}:{forwarded.State}", Link = $"/Cases/Forwarded/{forwarded.Id}",
                    ItemCode = forwarded.ItemCode ?? forwarded.BundleCode, Reference = forwarded.Id.ToString(), Note = forwarded.Reason, CreatedAt = now,
                });
            }
        }
        // 好差评: the invitation to rate a finished matter; a 差评's rectification opened, and escalated when overdue.
        foreach (var invitation in db.ChangeTracker.Entries<Ratings.RatingInvitation>().Where(e => e.State == EntityState.Modified && e.Entity.Token is not null).Select(e => e.Entity).ToList())
        {
            Add(db, new Notification
            {
                RecipientId = invitation.ApplicantId, Event = NotificationEvent.RatingInvitation, Key = $"rating-invitation:{invitation.ApplicationId}", Link = $"/Rate/{invitation.Token}",
                ItemCode = invitation.ItemCode, Reference = invitation.ApplicationId.ToString(), CreatedAt = now,
            });
        }
        foreach (var entry in db.ChangeTracker.Entries<Ratings.Rectification>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
        {
            var rectification = entry.Entity;
            var link = $"/Units/Rectifications/{rectification.Id}";
            if (entry.State == EntityState.Added)
            {
                Add(db, new Notification
                {
                    RecipientUnitId = rectification.UnitId, Event = NotificationEvent.RectificationOpened, Key = $"rectification:{rectification.Id}:opened", Link = link,
                    ItemCode = rectification.ItemCode, Reference = rectification.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), CreatedAt = now,
                });
            }
            else if (entry.OriginalValues[nameof(Ratings.Rectification.EscalatedAt)] is null && rectification.EscalatedAt is not null)
            {
                foreach (var unit in new[] { rectification.UnitId, rectification.EscalatedToUnitId }.OfType<Guid>())
                {
                    Add(db, new Notification
                    {
                        RecipientUnitId = unit, Event = NotificationEvent.RectificationOverdue, Key = $"rectification:{rectification.Id}:overdue", Link = link,
                        ItemCode = rectification.ItemCode, Reference = rectification.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), CreatedAt = now,
                    });
                }
            }
        }
        foreach (var entry in db.ChangeTracker.Entries<Unresolved.UnresolvedReport>().Where(e => e.State == EntityState.Modified && e.Entity.ReporterId is not null).ToList())
        {
            if (entry.OriginalValues[nameof(Unresolved.UnresolvedReport.State)] is Unresolved.ReportState.Open && entry.Entity.State == Unresolved.ReportState.Resolved)
            {
                Add(db, new Notification
                {
                    RecipientId = entry.Entity.ReporterId, Event = NotificationEvent.ReportAnswered, Key = $"unresolved:{entry.Entity.Id}:answered", Link = $"/Report/Track?number={entry.Entity.TrackingNumber}",
                    ItemCode = entry.Entity.ItemCode, Reference = entry.Entity.TrackingNumber, CreatedAt = now,
                });
            }
        }
        foreach (var grant in db.ChangeTracker.Entries<Proactive.BenefitGrant>().Where(e => e.State == EntityState.Added && e.Entity.PersonId is not null).Select(e => e.Entity).ToList())
        {
            Add(db, new Notification
            {
                RecipientId = grant.PersonId!.Value, Event = NotificationEvent.BenefitGranted, Key = $"benefit:{grant.Id}", Link = "/Benefits",
                ItemCode = grant.ItemCode, Reference = grant.Id.ToString(), CreatedAt = now,
            });
        }
    }

    /// <summary>A notification to a unit's staff (their workbench's task).</summary>
    private void AddForUnit(OneWindowDb db, Guid unitId, NotificationEvent what, string key, ApplicationTask task, Guid caseId, long now) =>
        Add(db, new Notification
        {
            RecipientUnitId = unitId, Event = what, Key = key, Link = $"/Workbench/Task/{caseId}/{task.Id}", ItemCode = task.ItemCode, Reference = caseId.ToString(), CreatedAt = now,
        });

    private void Add(OneWindowDb db, Notification notification)
    {
        if (db.ChangeTracker.Entries<Notification>().Any(n => n.Entity.RecipientId == notification.RecipientId && n.Entity.RecipientUnitId == notification.RecipientUnitId && n.Entity.Key == notification.Key))
        {
            return; // a save retried in the same context
        }
        db.Notifications.Add(notification);
        _stagedBy.AddOrUpdate(db, this);
    }
}
