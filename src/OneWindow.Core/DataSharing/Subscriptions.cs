using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.DataSharing;

/// <summary>
/// Units subscribe to changes of an item under one of their approved grants (asked by the consumer's side, like the
/// grant: its admin, an admin above it on its line, or a platform admin), for the grant's fields or some of them; the
/// unit must have a system registered to receive them. Either side cancels. The owner department's admins see who
/// follows their items.
/// </summary>
public static class Subscriptions
{
    public sealed record Request(Guid? GrantId, IReadOnlyList<string>? Fields);

    public static async Task<Outcome<DataSubscription>> SubscribeAsync(Account actor, Request request, OneWindowDb db, IChangeOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(clock);
        var grant = request.GrantId is { } id ? await db.DataGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) : null;
        if (grant is null)
        {
            return ValidationFailed.Single("grantId", Texts.T("is not a grant"));
        }
        if (await Authority.CheckAsync(db, actor, grant.ConsumerUnitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        if (grant.State != GrantState.Approved || grant.ExpiresAt <= now)
        {
            return new StateConflict(Texts.T("Only an approved, unexpired grant can be subscribed to"), EnumText.Of(grant.State));
        }
        var fields = request.Fields is { Count: > 0 } asked ? asked.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList() : [.. grant.Fields];
        if (fields.FirstOrDefault(f => !grant.Fields.Contains(f, StringComparer.Ordinal)) is { } outside)
        {
            return ValidationFailed.Single("fields", Texts.T("{0} is not among the grant's fields", outside));
        }
        if (!await outbox.ReachableAsync(db, grant.ConsumerUnitId, ct))
        {
            return ValidationFailed.Single("grantId", Texts.T("the unit has no enabled system to receive events; register its endpoint first"));
        }
        if (await db.DataSubscriptions.AnyAsync(s => s.GrantId == grant.Id && s.Active, ct))
        {
            return AlreadyFollowing();
        }
        var subscription = new DataSubscription
        {
            UnitId = grant.ConsumerUnitId, ItemCode = grant.ItemCode, GrantId = grant.Id, Fields = fields, CreatedBy = actor.Id, CreatedAt = now,
        };
        db.DataSubscriptions.Add(subscription);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            return AlreadyFollowing(); // another admin subscribed under this grant at the same moment
        }
        return subscription;
    }

    private static StateConflict AlreadyFollowing() => new(Texts.T("The unit already follows changes under this grant; cancel that subscription to change its fields"), "active");

    /// <summary>The subscription, if <paramref name="actor"/> may manage it: the consumer's side, or an admin of the owner department over the consumer.</summary>
    public static async Task<Outcome<DataSubscription>> ManagedAsync(Account actor, Guid id, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var subscription = await db.DataSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        return subscription is not null && await MayManageAsync(actor, subscription, db, ct) ? subscription : new Missing("Subscription");
    }

    private static async Task<bool> MayManageAsync(Account actor, DataSubscription subscription, OneWindowDb db, CancellationToken ct)
    {
        if (await Authority.CheckAsync(db, actor, subscription.UnitId, AuthorityAction.ManageIntegration, ct) is null)
        {
            return true;
        }
        var item = (await SharedDataItems.FindAsync(db, subscription.ItemCode, ct))!;
        return await SharedDataAccess.RefuseOwnerAdminAsync(db, actor, item, subscription.UnitId, ct) is null;
    }

    public static async Task<Outcome<DataSubscription>> CancelAsync(Account actor, Guid id, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var managed = await ManagedAsync(actor, id, db, ct);
        if (!managed.Succeeded)
        {
            return managed;
        }
        var subscription = managed.Value!;
        if (!subscription.Active)
        {
            return new StateConflict(Texts.T("The subscription is already cancelled"), "cancelled");
        }
        subscription.Cancel(actor.Id, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new StateConflict(Texts.T("The subscription was cancelled just now"), "cancelled");
        }
        return subscription;
    }

    /// <summary>The subscriptions <paramref name="actor"/>'s unit holds, and those to items its department owns (for admins of the owner department), newest first.</summary>
    public static async Task<List<DataSubscription>> VisibleToAsync(Account actor, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } unitId)
        {
            return [];
        }
        var all = await db.DataSubscriptions.AsNoTracking().OrderByDescending(s => s.Id).Take(500).ToListAsync(ct);
        var visible = new List<DataSubscription>();
        foreach (var subscription in all)
        {
            if (subscription.UnitId == unitId || await MayManageAsync(actor, subscription, db, ct))
            {
                visible.Add(subscription);
            }
        }
        return visible;
    }
}
