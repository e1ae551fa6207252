using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Ratings;

/// <summary>
/// What each reader sees of ratings: the applicant their own, every version; the units rated what was said of them —
/// never who said it, nor which case (a list of levels, indicators and comments by day); a link holder the one stage the
/// link rates; the rectification cases of a unit and of the units on its supervising line below.
/// </summary>
public static class RatingViews
{
    public const int MaxPageSize = 100;

    public sealed record Version(int Number, RatingLevel Level, IReadOnlyDictionary<string, int> Scores, string IndicatorSetId, string? Comment, RatingChannel Channel, long At, string ContentHash);

    public sealed record StageView(RatingStage Stage, bool Open, IReadOnlyList<Version> Versions);

    public sealed record ApplicantView(Guid ApplicationId, string Matter, IReadOnlyList<StageView> Stages, IndicatorSet? Indicators);

    public sealed record LinkView(string Matter, RatingStage Stage, long ExpiresAt, IndicatorSet Indicators);

    public sealed record UnitRating(Guid Id, string Matter, RatingStage Stage, int Version, bool Current, RatingLevel Level, IReadOnlyDictionary<string, int> Scores, string? Comment, RatingChannel Channel, DateOnly Day);

    public sealed record UnitPage(Guid UnitId, string UnitName, IReadOnlyList<UnitRating> Items, int Total, int PageNumber, int PageSize);

    public sealed record RectificationView(Guid Id, Guid UnitId, string UnitName, string Matter, RatingStage Stage, RatingLevel Level, string? Comment, RectificationState State,
        long OpenedAt, DateOnly OpenedOn, DateOnly? DueDate, bool Overdue, string? Finding, DateOnly? CalledBackOn, string? CallbackOutcome, RatingLevel? RenewedLevel, string? Fix,
        long? ClosedAt, string? EscalatedTo, int Version, Guid ApplicationId);

    public sealed record RectificationPage(IReadOnlyList<RectificationView> Items, int Total, int Open, int Overdue, int PageNumber, int PageSize);

    public static async Task<Outcome<ApplicantView>> ForApplicantAsync(Account person, Guid applicationId, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var application = await ApplicationQueries.FindAsync(db, applicationId, ct);
        if (application is null || application.ApplicantId != person.Id)
        {
            return new Missing("Application", applicationId);
        }
        var ratings = (await db.Ratings.AsNoTracking().Where(r => r.ApplicationId == applicationId).ToListAsync(ct)).ToLookup(r => r.Stage);
        var code = application.BundleCode ?? application.ItemCode!;
        var matter = (await RatingNames.MattersAsync(db, [code], ct)).GetValueOrDefault(code) ?? code;
        var indicators = await IndicatorSets.InForceAsync(db, IndicatorScope.Online, services.Today, ct);
        return new ApplicantView(applicationId, matter,
            [.. Enum.GetValues<RatingStage>().Select(s => new StageView(s, RateApplication.IsOpen(application, s), [.. ratings[s].OrderBy(r => r.Version).Select(ToVersion)]))], indicators);
    }

    private static Version ToVersion(Rating r) => new(r.Version, r.Level, r.Scores, r.IndicatorSetId, r.Comment, r.Channel, r.CreatedAt, r.ContentHash);

    /// <summary>The link a token names, checked: signed here, not expired, not used, its application there.</summary>
    public static async Task<Outcome<(RatingLink Link, Application Application)>> LinkAsync(string? token, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (RatingLinks.Read(services.Keys, token) is not { } named)
        {
            return new Missing("RatingLink");
        }
        var link = await db.RatingLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == named.LinkId, ct);
        if (link is null || link.ExpiresAt != named.ExpiresAt || await ApplicationQueries.FindAsync(db, link.ApplicationId, ct) is not { } application)
        {
            return new Missing("RatingLink");
        }
        if (link.UsedAt is not null)
        {
            return new StateConflict(Texts.T("This rating link has already been used"), "used");
        }
        if (services.Clock.GetUtcNow().ToUnixTimeMilliseconds() > link.ExpiresAt)
        {
            return new StateConflict(Texts.T("This rating link has expired; sign in to rate the application"), "expired");
        }
        return (link, application);
    }

    public static async Task<Outcome<LinkView>> ForLinkAsync(string? token, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        var found = await LinkAsync(token, db, services, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (link, application) = found.Value;
        var code = application.BundleCode ?? application.ItemCode!;
        var matter = (await RatingNames.MattersAsync(db, [code], ct)).GetValueOrDefault(code) ?? code;
        var indicators = await IndicatorSets.InForceAsync(db, IndicatorScope.Online, services.Today, ct);
        return indicators is null ? new StateConflict(Texts.T("No rating indicators are in force; ratings cannot be taken")) : new LinkView(matter, link.Stage, link.ExpiresAt, indicators);
    }

    /// <summary>The ratings of a unit's matters, every version, newest first: no rater, no case.</summary>
    public static async Task<Outcome<UnitPage>> ForUnitAsync(Account actor, Guid unitId, int page, int pageSize, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!await Rectifications.MaySeeAsync(db, actor, unitId, ct))
        {
            return new Forbidden(Texts.T("Only the unit's own staff and the units above it on its supervising line see its ratings"));
        }
        var unit = await UnitQueries.FindAsync(db, unitId, ct);
        if (unit is null)
        {
            return new Missing("Unit", unitId);
        }
        var rated = db.Ratings.AsNoTracking().Where(r => r.Units.Contains(unitId));
        var total = await rated.CountAsync(ct);
        var rows = await rated.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var keys = rows.Select(r => new { r.ApplicationId, r.Stage }).Distinct().ToList();
        var appIds = keys.Select(k => k.ApplicationId).Distinct().ToList();
        var latest = await db.Ratings.AsNoTracking().Where(r => appIds.Contains(r.ApplicationId)).GroupBy(r => new { r.ApplicationId, r.Stage })
            .Select(g => new { g.Key.ApplicationId, g.Key.Stage, Version = g.Max(r => r.Version) }).ToListAsync(ct);
        var current = latest.ToDictionary(l => (l.ApplicationId, l.Stage), l => l.Version);
        var matters = await RatingNames.MattersAsync(db, [.. rows.Select(r => r.ItemCode).Distinct()], ct);
        return new UnitPage(unitId, unit.Name, [.. rows.Select(r => new UnitRating(r.Id, matters.GetValueOrDefault(r.ItemCode) ?? r.ItemCode, r.Stage, r.Version,
            current.GetValueOrDefault((r.ApplicationId, r.Stage)) == r.Version, r.Level, r.Scores, r.Comment, r.Channel, r.Day))], total, page, pageSize);
    }

    /// <summary>The rectifications the actor's unit owns, was escalated, or supervises on its line below; open ones first, by due date.</summary>
    public static async Task<Outcome<RectificationPage>> RectificationsAsync(Account actor, bool openOnly, int page, int pageSize, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } own)
        {
            return new Forbidden(Texts.T("Rectifications are seen by the staff of the units rated and of the units above them"));
        }
        var query = db.Rectifications.AsNoTracking();
        if (!actor.Has(StaffRoles.PlatformAdmin))
        {
            var line = await Authority.LineBelowAsync(db, own, ct);
            query = query.Where(r => line.Contains(r.UnitId) || r.EscalatedToUnitId == own);
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var total = await query.CountAsync(ct);
        var open = await query.CountAsync(r => r.State == RectificationState.Open, ct);
        var overdue = await query.CountAsync(r => r.State == RectificationState.Open && r.DueDate != null && r.DueDate < today, ct);
        if (openOnly)
        {
            query = query.Where(r => r.State == RectificationState.Open);
        }
        var rows = await query.OrderBy(r => r.State == RectificationState.Open ? 0 : 1).ThenBy(r => r.DueDate).ThenBy(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new RectificationPage(await ViewsAsync(rows, db, today, ct), openOnly ? open : total, open, overdue, page, pageSize);
    }

    public static async Task<Outcome<RectificationView>> RectificationAsync(Account actor, Guid id, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await db.Rectifications.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (found is null || !(await Rectifications.MaySeeAsync(db, actor, found.UnitId, ct) || (actor.UnitId is { } own && found.EscalatedToUnitId == own)))
        {
            return new Missing("Rectification", id);
        }
        return (await ViewsAsync([found], db, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ct))[0];
    }

    private static async Task<List<RectificationView>> ViewsAsync(List<Rectification> rows, OneWindowDb db, DateOnly today, CancellationToken ct)
    {
        var ratingIds = rows.Select(r => r.RatingId).ToList();
        var comments = await db.Ratings.AsNoTracking().Where(r => ratingIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Comment, ct);
        var units = await UnitQueries.NamesAsync(db, [.. rows.Select(r => r.UnitId).Concat(rows.Where(r => r.EscalatedToUnitId is not null).Select(r => r.EscalatedToUnitId!.Value)).Distinct()], ct);
        var matters = await RatingNames.MattersAsync(db, [.. rows.Select(r => r.ItemCode).Distinct()], ct);
        return [.. rows.Select(r => new RectificationView(r.Id, r.UnitId, units.GetValueOrDefault(r.UnitId) ?? "", matters.GetValueOrDefault(r.ItemCode) ?? r.ItemCode, r.Stage, r.Level,
            comments.GetValueOrDefault(r.RatingId), r.State, r.OpenedAt, r.OpenedOn, r.DueDate, r.State == RectificationState.Open && r.DueDate < today, r.Finding, r.CalledBackOn,
            r.CallbackOutcome, r.RenewedLevel, r.Fix, r.ClosedAt, r.EscalatedToUnitId is { } above ? units.GetValueOrDefault(above) : null, r.Version, r.ApplicationId))];
    }
}
