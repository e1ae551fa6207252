using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.DataSharing;

/// <summary>
/// Grants (数据共享授权): a consumer unit asks to read some fields of an item for a purpose until a date; an
/// admin of the owner department over the consumer's division approves or refuses; either side revokes at once.
/// </summary>
public static class Grants
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3 * 366);

    public sealed record Request(string? ItemCode, Guid? ConsumerUnitId, IReadOnlyList<string>? Fields, string? Purpose, DateTimeOffset? ExpiresAt);

    /// <summary>Asked for by the consumer unit's admin (or an admin above it on its line, or a platform admin).</summary>
    public static async Task<Outcome<DataGrant>> RequestAsync(Account actor, Request request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new FieldErrors();
        var item = string.IsNullOrWhiteSpace(request.ItemCode) ? null : await SharedDataItems.FindAsync(db, request.ItemCode.Trim(), ct);
        if (item is null)
        {
            errors.Add("itemCode", Texts.T("is not a published shared data item"));
        }
        if (request.ConsumerUnitId is not { } consumer || !await UnitQueries.ExistsAsync(db, consumer, ct))
        {
            errors.Add("consumerUnitId", Texts.T("is not a unit"));
        }
        var fields = (request.Fields ?? []).Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count == 0)
        {
            errors.Add("fields", Texts.T("name at least one field"));
        }
        else if (item is not null && fields.FirstOrDefault(f => item.Fields.All(known => known.Name != f)) is { } unknown)
        {
            errors.Add("fields", Texts.T("{0} is not a field of {1}", unknown, item.Name));
        }
        var purpose = TextInput.Note(request.Purpose, "purpose");
        if (!purpose.Succeeded)
        {
            errors.AddAll(purpose.Failure!, "purpose");
        }
        else if (purpose.Value!.Length > DataGrant.MaxPurposeLength || purpose.Value.Contains('\n', StringComparison.Ordinal))
        {
            errors.Add("purpose", Texts.T("must be one line of at most {0} characters", DataGrant.MaxPurposeLength));
        }
        var now = clock.GetUtcNow();
        if (request.ExpiresAt is not { } expires || expires <= now || expires - now > MaxDuration)
        {
            errors.Add("expiresAt", Texts.T("must be a time in the future, at most three years ahead"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (await Authority.CheckAsync(db, actor, request.ConsumerUnitId!.Value, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var grant = new DataGrant
        {
            ItemCode = item!.Code, ConsumerUnitId = request.ConsumerUnitId.Value, Fields = fields, Purpose = purpose.Value!, ExpiresAt = request.ExpiresAt!.Value.ToUniversalTime(),
            RequestedBy = actor.Id, RequestedAt = now,
        };
        db.DataGrants.Add(grant);
        await db.SaveChangesAsync(ct);
        return grant;
    }

    public static async Task<Outcome<DataGrant>> DecideAsync(Account actor, Guid grantId, bool approve, string? note, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var text = TextInput.Note(note, "note", required: !approve);
        if (!text.Succeeded)
        {
            return text.Failure!;
        }
        var found = await FindForOwnerAsync(actor, grantId, db, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var grant = found.Value!;
        return grant.Decide(approve, actor.Id, text.Value, clock.GetUtcNow()) is { } failure ? failure : await SaveAsync(db, grant, ct);
    }

    /// <summary>Ends a grant at once: by the owner department's admin, or by the consumer side's admins.</summary>
    public static async Task<Outcome<DataGrant>> RevokeAsync(Account actor, Guid grantId, string? note, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var text = TextInput.Note(note, "note", required: false);
        if (!text.Succeeded)
        {
            return text.Failure!;
        }
        var grant = await db.DataGrants.FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null)
        {
            return new Missing("Grant");
        }
        var item = (await SharedDataItems.FindAsync(db, grant.ItemCode, ct))!;
        if (await SharedDataAccess.RefuseOwnerAdminAsync(db, actor, item, grant.ConsumerUnitId, ct) is not null
            && await Authority.CheckAsync(db, actor, grant.ConsumerUnitId, AuthorityAction.ManageIntegration, ct) is not null)
        {
            return new Missing("Grant"); // neither side's admin: nothing to learn here
        }
        return grant.Revoke(actor.Id, text.Value, clock.GetUtcNow()) is { } failure ? failure : await SaveAsync(db, grant, ct);
    }

    /// <summary>The grants a member of staff may see: those of their own unit as consumer, and those of items their department owns over their division.</summary>
    /// <summary>The units holding an approved, unexpired grant of <paramref name="itemCode"/> for <paramref name="purpose"/> (these words).</summary>
    public static async Task<List<Guid>> HoldersAsync(OneWindowDb db, string itemCode, string purpose, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var approved = await db.DataGrants.AsNoTracking().Where(g => g.ItemCode == itemCode && g.Purpose == purpose && g.State == GrantState.Approved).ToListAsync(ct);
        return [.. approved.Where(g => g.ExpiresAt > now).Select(g => g.ConsumerUnitId).Distinct()]; // SQLite cannot compare stored offsets: expiry checked here
    }

    public static async Task<List<DataGrant>> VisibleToAsync(Account actor, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } unitId || await UnitQueries.FindAsync(db, unitId, ct) is not { } unit)
        {
            return [];
        }
        var owned = (await SharedDataItems.AllAsync(db, ct)).Where(i => i.Owner == unit.Department).Select(i => i.Code).ToList();
        var candidates = await db.DataGrants.AsNoTracking().Where(g => g.ConsumerUnitId == unitId || owned.Contains(g.ItemCode))
            .OrderByDescending(g => g.Id).Take(500).ToListAsync(ct); // newest first: version-7 ids grow with time
        var consumers = await UnitQueries.ManyAsync(db, [.. candidates.Select(g => g.ConsumerUnitId).Distinct()], ct);
        var scope = Divisions.Division.ScopePrefix(unit.DivisionCode);
        return [.. candidates.Where(g => g.ConsumerUnitId == unitId
            || (consumers.TryGetValue(g.ConsumerUnitId, out var c) && c.DivisionCode.StartsWith(scope, StringComparison.Ordinal)))];
    }

    private static async Task<Outcome<DataGrant>> FindForOwnerAsync(Account actor, Guid grantId, OneWindowDb db, CancellationToken ct)
    {
        var grant = await db.DataGrants.FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null)
        {
            return new Missing("Grant");
        }
        var item = (await SharedDataItems.FindAsync(db, grant.ItemCode, ct))!;
        if (await SharedDataAccess.RefuseOwnerAdminAsync(db, actor, item, grant.ConsumerUnitId, ct) is { } refused)
        {
            // The consumer's own side may know the grant exists; anyone else learns nothing.
            return await Authority.CheckAsync(db, actor, grant.ConsumerUnitId, AuthorityAction.ManageIntegration, ct) is null ? refused : new Missing("Grant");
        }
        return grant;
    }

    private static async Task<Outcome<DataGrant>> SaveAsync(OneWindowDb db, DataGrant grant, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return grant;
        }
        catch (DbUpdateConcurrencyException)
        {
            var state = await db.DataGrants.AsNoTracking().Where(g => g.Id == grant.Id).Select(g => g.State).FirstAsync(ct);
            return new StateConflict(Texts.T("Someone else decided this grant just now; it is {0}", state.Name()), EnumText.Of(state));
        }
    }
}
