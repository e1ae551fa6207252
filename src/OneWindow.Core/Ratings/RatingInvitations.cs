using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneWindow.Applications;

namespace OneWindow.Ratings;

/// <summary>
/// 智能邀评: when a save finishes an application (completed, partly completed or refused), an invitation due
/// <see cref="RatingOptions.InvitationDelay"/> later is added in that save; <see cref="SendDueAsync"/> sends each due one
/// once — a single-use rating link in the person's notification — unless the finish was rated by then.
/// </summary>
public sealed class RatingInvitations(TimeProvider clock, Microsoft.Extensions.Options.IOptions<RatingOptions> options) : SaveChangesInterceptor
{
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

    private void Stage(DbContext? context)
    {
        if (context is not OneWindowDb db)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries<Application>().Where(e => e.State == EntityState.Modified).ToList())
        {
            var application = entry.Entity;
            if (entry.OriginalValues[nameof(Application.State)] is not ApplicationState.InProgress || application.State == ApplicationState.InProgress
                || application.OriginRegion is not null // forwarded from another region: she is invited where she applied
                || db.ChangeTracker.Entries<RatingInvitation>().Any(i => i.Entity.ApplicationId == application.Id))
            {
                continue;
            }
            db.RatingInvitations.Add(new RatingInvitation
            {
                ApplicationId = application.Id, ApplicantId = application.ApplicantId, ItemCode = application.BundleCode ?? application.ItemCode!,
                DueAt = (clock.GetUtcNow() + options.Value.InvitationDelay).ToUnixTimeMilliseconds(),
            });
        }
    }

    /// <summary>Sends the invitations due by <paramref name="now"/> (at most <paramref name="max"/>); returns how many were sent.</summary>
    public static async Task<int> SendDueAsync(OneWindowDb db, RatingServices services, DateTimeOffset now, CancellationToken ct, int max = 200)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(services);
        var at = now.ToUnixTimeMilliseconds();
        var due = await db.RatingInvitations.Where(i => i.InvitedAt == null && i.DueAt <= at).OrderBy(i => i.DueAt).Take(max).ToListAsync(ct);
        var ids = due.Select(i => i.ApplicationId).ToList();
        var rated = (await db.Ratings.AsNoTracking().Where(r => ids.Contains(r.ApplicationId) && r.Stage == RatingStage.Completion).Select(r => r.ApplicationId).ToListAsync(ct)).ToHashSet();
        var sent = 0;
        foreach (var invitation in due)
        {
            if (db.Entry(invitation).State == EntityState.Detached)
            {
                db.Attach(invitation);
            }
            invitation.InvitedAt = at;
            invitation.Version++;
            if (rated.Contains(invitation.ApplicationId))
            {
                invitation.Skipped = true;
            }
            else
            {
                var link = new RatingLink
                {
                    ApplicationId = invitation.ApplicationId, Stage = RatingStage.Completion, CreatedAt = at, ExpiresAt = (now + services.Options.LinkLifetime).ToUnixTimeMilliseconds(),
                };
                db.RatingLinks.Add(link);
                invitation.LinkId = link.Id;
                invitation.Token = RatingLinks.Token(services.Keys, link.Id, link.ExpiresAt);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                sent += invitation.Skipped ? 0 : 1;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Sent by another process at this moment: theirs stands.
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.Clear();
        return sent;
    }
}
