using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Ratings;

/// <summary>
/// 差评整改: every 差评 opens a case for each unit that handled the matter (unless one is open for that stage), due in
/// 15 working days by the official calendar. The unit records its finding, calls the person back (date, outcome, the
/// person's renewed level) and closes it with what was fixed — never without a callback. Staff of the unit see and act;
/// the units above on its supervising line see it, and their supervisors and admins act too (an overdue case is escalated
/// to the nearest of them). Every change is saved against the case's version: of two at once, one wins.
/// </summary>
public static class Rectifications
{
    public const int PageSize = 50;

    public sealed record VerifyRequest(string? Finding);

    public sealed record CallbackRequest(DateOnly? CalledBackOn, string? Outcome, int? RenewedLevel);

    public sealed record CloseRequest(string? Fix, int? Version);

    /// <summary>Opens the rectification cases of a 差评 in the rating's save.</summary>
    public static async Task OpenAsync(OneWindowDb db, Rating rating, RatingServices services, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rating);
        var open = await db.Rectifications.AsNoTracking()
            .Where(r => r.ApplicationId == rating.ApplicationId && r.Stage == rating.Stage && r.State == RectificationState.Open).Select(r => r.UnitId).ToListAsync(ct);
        var calendar = await services.Calendar.GetAsync(db, ct);
        var due = DueDate(calendar, today);
        foreach (var unit in rating.Units.Where(u => !open.Contains(u)))
        {
            db.Rectifications.Add(new Rectification
            {
                RatingId = rating.Id, ApplicationId = rating.ApplicationId, Stage = rating.Stage, UnitId = unit, ItemCode = rating.ItemCode, Level = rating.Level,
                OpenedAt = rating.CreatedAt, OpenedOn = today, DueDate = due,
            });
        }
    }

    /// <summary>15 working days after the day it was opened (the first working day after it is day one); null when the calendar lacks the year.</summary>
    public static DateOnly? DueDate(Calendar.WorkingCalendar calendar, DateOnly openedOn)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = calendar.Due(openedOn, Rectification.WorkingDays);
        return due.Succeeded ? due.Value : null;
    }

    /// <summary>Whether the actor may see the unit's rectifications (its staff; the units above on its line).</summary>
    public static async Task<bool> MaySeeAsync(OneWindowDb db, Account actor, Guid unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } own)
        {
            return false;
        }
        if (actor.Has(StaffRoles.PlatformAdmin) || own == unitId)
        {
            return true;
        }
        return (await Authority.ChainAboveAsync(db, unitId, ct)).Contains(own);
    }

    private static async Task<Failure?> MayActAsync(OneWindowDb db, Account actor, Rectification rectification, CancellationToken ct)
    {
        if (actor.Kind == AccountKind.Staff && actor.UnitId is { } own)
        {
            if (actor.Has(StaffRoles.PlatformAdmin)
                || (own == rectification.UnitId && (actor.Has(StaffRoles.Reviewer) || actor.Has(StaffRoles.UnitAdmin)))
                || ((actor.Has(StaffRoles.Supervisor) || actor.Has(StaffRoles.UnitAdmin)) && (await Authority.ChainAboveAsync(db, rectification.UnitId, ct)).Contains(own)))
            {
                return null;
            }
        }
        return new Forbidden(Texts.T("A rectification is handled by the reviewers and admin of the unit rated, or by the supervisors and admins of the units above it"));
    }

    private static async Task<Outcome<Rectification>> FindForActAsync(OneWindowDb db, Account actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await db.Rectifications.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (found is null || !await MaySeeAsync(db, actor, found.UnitId, ct))
        {
            return new Missing("Rectification", id);
        }
        if (await MayActAsync(db, actor, found, ct) is { } forbidden)
        {
            return forbidden;
        }
        if (found.State == RectificationState.Closed)
        {
            return new StateConflict(Texts.T("This rectification is closed"), "closed");
        }
        return found;
    }

    public static async Task<Outcome<Rectification>> VerifyAsync(Account actor, Guid id, VerifyRequest request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindForActAsync(db, actor, id, ct);
        if (!found.Succeeded)
        {
            return found;
        }
        var finding = TextInput.Note(request.Finding, "finding");
        if (!finding.Succeeded)
        {
            return finding.Failure!;
        }
        var rectification = found.Value!;
        rectification.Finding = finding.Value;
        rectification.VerifiedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        rectification.VerifiedBy = actor.Id;
        return await SaveAsync(db, rectification, "verified", clock, ct);
    }

    public static async Task<Outcome<Rectification>> CallBackAsync(Account actor, Guid id, CallbackRequest request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindForActAsync(db, actor, id, ct);
        if (!found.Succeeded)
        {
            return found;
        }
        var rectification = found.Value!;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var errors = new FieldErrors();
        if (request.CalledBackOn is not { } on || on > today || on < rectification.OpenedOn)
        {
            errors.Add("calledBackOn", Texts.T("give the day the person was called back: not before the rating, not in the future"));
        }
        var outcome = TextInput.Note(request.Outcome, "outcome");
        if (!outcome.Succeeded)
        {
            errors.AddAll(outcome.Failure!, "outcome");
        }
        if (request.RenewedLevel is not null and not (>= 1 and <= 5))
        {
            errors.Add("renewedLevel", Texts.T("choose one of the five levels, from very dissatisfied (1) to very satisfied (5)"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        rectification.CalledBackOn = request.CalledBackOn;
        rectification.CallbackOutcome = outcome.Value;
        rectification.RenewedLevel = (RatingLevel?)request.RenewedLevel;
        rectification.CalledBackBy = actor.Id;
        return await SaveAsync(db, rectification, "called-back", clock, ct);
    }

    public static async Task<Outcome<Rectification>> CloseAsync(Account actor, Guid id, CloseRequest request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindForActAsync(db, actor, id, ct);
        if (!found.Succeeded)
        {
            return found;
        }
        var rectification = found.Value!;
        if (request.Version is { } version && version != rectification.Version)
        {
            return new StateConflict(Texts.T("This rectification was changed by someone else since you opened it; look at it again"), EnumText.Of(rectification.State));
        }
        if (rectification.CalledBackOn is null)
        {
            return new StateConflict(Texts.T("A rectification is closed only after the person has been called back; record the callback first"), "not-called-back");
        }
        var fix = TextInput.Note(request.Fix, "fix");
        if (!fix.Succeeded)
        {
            return fix.Failure!;
        }
        rectification.Fix = fix.Value;
        rectification.State = RectificationState.Closed;
        rectification.ClosedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        rectification.ClosedBy = actor.Id;
        return await SaveAsync(db, rectification, "closed", clock, ct);
    }

    private static async Task<Outcome<Rectification>> SaveAsync(OneWindowDb db, Rectification rectification, string step, TimeProvider clock, CancellationToken ct)
    {
        rectification.Version++;
        LedgerOutbox.Stage(db, LedgerEvent.Create("rectification." + step, $"rectification:{rectification.Id}", "unit", clock.GetUtcNow(), new
        {
            rating = rectification.RatingId, unit = rectification.UnitId, version = rectification.Version,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Rectifications.AsNoTracking().Where(r => r.Id == rectification.Id).Select(r => r.State).FirstAsync(ct);
            return new StateConflict(Texts.T("This rectification was changed by someone else at this moment; look at it again"), EnumText.Of(current));
        }
        return rectification;
    }

    /// <summary>Escalates each open rectification past its due date to the nearest unit above, once; returns how many.</summary>
    public static async Task<int> EscalateOverdueAsync(OneWindowDb db, DateTimeOffset now, DateOnly today, CancellationToken ct, int max = 500)
    {
        ArgumentNullException.ThrowIfNull(db);
        var overdue = await db.Rectifications.Where(r => r.State == RectificationState.Open && r.DueDate != null && r.DueDate < today && r.EscalatedAt == null)
            .OrderBy(r => r.DueDate).Take(max).ToListAsync(ct);
        var supervisors = await UnitQueries.SupervisorsAsync(db, [.. overdue.Select(r => r.UnitId).Distinct()], ct);
        var escalated = 0;
        foreach (var rectification in overdue)
        {
            if (!supervisors.TryGetValue(rectification.UnitId, out var above))
            {
                continue;
            }
            rectification.EscalatedAt = now.ToUnixTimeMilliseconds();
            rectification.EscalatedToUnitId = above;
            rectification.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                escalated++;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(rectification).State = EntityState.Detached; // changed by someone else; the next sweep looks again
            }
        }
        db.ChangeTracker.Clear();
        return escalated;
    }

    /// <summary>How many rectifications of the given units are open, and since when the oldest (Unix ms).</summary>
    public static async Task<(int Open, long? OldestOpenedAt)> OpenInAsync(OneWindowDb db, IReadOnlyCollection<Guid> units, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = db.Rectifications.AsNoTracking().Where(r => r.State == RectificationState.Open && units.Contains(r.UnitId));
        return (await open.CountAsync(ct), await open.OrderBy(r => r.OpenedAt).Select(r => (long?)r.OpenedAt).FirstOrDefaultAsync(ct));
    }
}
