using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>Applies <see cref="SupervisionLine"/> to stored units: walks the unit's supervising line and asks the rule.</summary>
public static class Authority
{
    /// <summary>The PostgreSQL advisory lock that serializes edits of supervising lines ("ONEWSUPV").</summary>
    private const long SupervisionLock = 0x4F4E4557_53555056;

    /// <summary>How far up a line is followed; deeper than any real hierarchy, and a guard against a cycle.</summary>
    private const int MaxDepth = 12;

    public static async Task<Failure?> CheckAsync(OneWindowDb db, Account actor, Guid unitId, AuthorityAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var chain = await ChainAboveAsync(db, unitId, ct);
        return SupervisionLine.Allows(actor, action, unitId, chain) ? null : new Forbidden(action switch
        {
            AuthorityAction.ViewUnit => Texts.T("Only the unit's own staff and the admins of its supervising units see this"),
            AuthorityAction.ManageStaff => Texts.T("Only this unit's admin, an admin of a unit above it on its supervising line, or a platform admin manages its staff"),
            AuthorityAction.SubmitSeal => Texts.T("Only this unit's own admin submits its seal and signature specimens"),
            AuthorityAction.RegisterSeal => Texts.T("Registration is done by an admin of a unit above this one on its supervising line, or a platform admin"),
            AuthorityAction.RevokeSeal => Texts.T("Only this unit's admin, an admin of a unit above it on its supervising line, or a platform admin revokes its seal"),
            AuthorityAction.ManageIntegration => Texts.T("Only this unit's admin, an admin of a unit above it on its supervising line, or a platform admin connects its own system"),
        });
    }

    /// <summary>The unit's supervising units, nearest first.</summary>
    public static async Task<IReadOnlyList<Guid>> ChainAboveAsync(OneWindowDb db, Guid unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var chain = new List<Guid>();
        var current = unitId;
        for (var i = 0; i < MaxDepth; i++)
        {
            var above = await db.Units.AsNoTracking().Where(u => u.Id == current).Select(u => u.SupervisingUnitId).FirstOrDefaultAsync(ct);
            if (above is not { } next || next == unitId || chain.Contains(next))
            {
                break;
            }
            chain.Add(next);
            current = next;
        }
        return chain;
    }

    /// <summary>The unit and every unit whose supervising line passes through it (those it supervises, at any depth).</summary>
    public static async Task<HashSet<Guid>> LineBelowAsync(OneWindowDb db, Guid unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = new HashSet<Guid> { unitId };
        List<Guid> frontier = [unitId];
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0; depth++)
        {
            var next = await db.Units.AsNoTracking().Where(u => u.SupervisingUnitId != null && frontier.Contains(u.SupervisingUnitId.Value)).Select(u => u.Id).ToListAsync(ct);
            frontier = [.. next.Where(all.Add)];
        }
        return all;
    }

    /// <summary>Gives every unit without a supervising unit its default one (after seeding, provisioning or a new unit above).</summary>
    public static async Task<int> FillDefaultSupervisorsAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Units.AsNoTracking().Select(u => new { Facts = new UnitFacts(u.Id, u.Kind, u.Department, u.DivisionCode), u.SupervisingUnitId }).ToListAsync(ct);
        var byDivision = SupervisionLine.ByDivision(all.Select(u => u.Facts));
        var changed = 0;
        foreach (var unit in all.Where(u => u.SupervisingUnitId is null))
        {
            if (SupervisionLine.DefaultSupervisor(unit.Facts, byDivision) is { } supervisor)
            {
                changed += await db.Units.Where(u => u.Id == unit.Facts.Id && u.SupervisingUnitId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.SupervisingUnitId, supervisor), ct);
            }
        }
        return changed;
    }

    /// <summary>A platform admin sets a unit's supervising unit where the real line differs from the default; refuses cycles.</summary>
    public static async Task<Outcome<Unit>> SetSupervisorAsync(OneWindowDb db, Account actor, Guid unitId, Guid? supervisorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(StaffRoles.PlatformAdmin))
        {
            return new Forbidden(Texts.T("Only a platform admin sets supervising lines"));
        }
        // The cycle check and the change are one serialized step: two admins redrawing lines at once
        // (A under B, B under A) cannot both pass the check against the old lines.
        await using var transaction = await db.Database.BeginTransactionAsync(ct); // SQLite: BEGIN IMMEDIATE, the write lock first
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SupervisionLock})", ct);
        }
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null)
        {
            return new Missing("Unit");
        }
        if (supervisorId is { } above)
        {
            if (above == unitId || !await db.Units.AnyAsync(u => u.Id == above, ct))
            {
                return ValidationFailed.Single("supervisingUnitId", Texts.T("must be another registered unit"));
            }
            if ((await ChainAboveAsync(db, above, ct)).Contains(unitId))
            {
                return ValidationFailed.Single("supervisingUnitId", Texts.T("would make a cycle: that unit is already below this one"));
            }
        }
        unit.SupervisingUnitId = supervisorId;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return unit;
    }
}
