using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Ratings;

/// <summary>
/// 好差评: the applicant rates an application at acceptance (受理) and once it is finished (办结) — one rating per stage, a
/// change being a new version — signed in (web, phone page, kiosk, window) or through an invitation's single-use link.
/// The rating, its ledger record (the content hash), the smile index's counts and, for a 差评, a rectification case per
/// unit that handled the matter are written in one transaction.
/// </summary>
public static class RateApplication
{
    public const int MaxComment = TextInput.MaxNote;

    public sealed record Request(string? Stage, int? Level, Dictionary<string, int>? Scores = null, string? Comment = null, string? Channel = null);

    /// <summary>The applicant rates their application (<paramref name="revise"/>: changes the stage's rating — a new version).</summary>
    public static async Task<Outcome<Rating>> ByApplicantAsync(Account rater, Guid applicationId, Request request, bool revise, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rater);
        ArgumentNullException.ThrowIfNull(request);
        var application = await ApplicationQueries.FindAsync(db, applicationId, ct);
        if (application is null || application.ApplicantId != rater.Id)
        {
            return new Missing("Application", applicationId);
        }
        RatingChannel channel = RatingChannel.Web;
        if (request.Channel is { Length: > 0 } named && (!Enum.TryParse(named, ignoreCase: true, out channel) || channel == RatingChannel.Link || !Enum.IsDefined(channel)))
        {
            return ValidationFailed.Single("channel", Texts.T("must be one of: web, phone, kiosk, window"));
        }
        return await SaveAsync(application, request, channel, revise, null, db, services, ct);
    }

    /// <summary>Rates through an invitation's link: no sign-in, that one application's stage only, once.</summary>
    public static async Task<Outcome<Rating>> ByLinkAsync(string? token, Request request, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await RatingViews.LinkAsync(token, db, services, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (link, application) = found.Value!;
        return await SaveAsync(application, request with { Stage = link.Stage.ToString() }, RatingChannel.Link, revise: false, link, db, services, ct);
    }

    /// <summary>Whether the application can be rated at the stage yet (accepted; finished).</summary>
    public static bool IsOpen(Application application, RatingStage stage)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.State != ApplicationState.InProgress
            || (stage == RatingStage.Acceptance && application.Tasks.Any(t => t.State is TaskState.Accepted or TaskState.SupplementRequested or TaskState.Approved or TaskState.Refused));
    }

    private static async Task<Outcome<Rating>> SaveAsync(Application application, Request request, RatingChannel channel, bool revise, RatingLink? link, OneWindowDb db, RatingServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        RatingStage stage = default;
        if (request.Stage is not { Length: > 0 } stageName || !Enum.TryParse(stageName, ignoreCase: true, out stage) || !Enum.IsDefined(stage))
        {
            errors.Add("stage", Texts.T("must be acceptance or completion"));
        }
        if (request.Level is not (>= 1 and <= 5))
        {
            errors.Add("level", Texts.T("choose one of the five levels, from very dissatisfied (1) to very satisfied (5)"));
        }
        var comment = TextInput.Note(request.Comment, "comment", required: false);
        if (!comment.Succeeded)
        {
            errors.AddAll(comment.Failure!, "comment");
        }
        var today = services.Today;
        var set = await IndicatorSets.InForceAsync(db, IndicatorSets.ScopeOf(channel), today, ct);
        if (set is null)
        {
            return new StateConflict(Texts.T("No rating indicators are in force; ratings cannot be taken"));
        }
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, value) in request.Scores ?? [])
        {
            if (code == IndicatorSets.Overall || set.Indicators.All(i => i.Code != code))
            {
                errors.Add($"scores.{code}", Texts.T("is not an indicator of this rating; the indicators are: {0}", string.Join("、", set.Indicators.Where(i => i.Code != IndicatorSets.Overall).Select(i => RatingNames.Of(i)))));
            }
            else if (value is < 1 or > 5)
            {
                errors.Add($"scores.{code}", Texts.T("choose one of the five levels, from very dissatisfied (1) to very satisfied (5)"));
            }
            else
            {
                scores[code] = value;
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (!IsOpen(application, stage))
        {
            return new StateConflict(stage == RatingStage.Acceptance
                ? Texts.T("This application can be rated once a department has accepted it")
                : Texts.T("This application can be rated for its completion once it is finished"), "not-yet");
        }

        var earlier = await db.Ratings.AsNoTracking().Where(r => r.ApplicationId == application.Id && r.Stage == stage).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (earlier is not null && !revise)
        {
            return new StateConflict(Texts.T("This stage of the application has already been rated; change the rating instead of rating it again"), "rated");
        }
        if (earlier is null && revise)
        {
            return new Missing("Rating");
        }

        var now = services.Clock.GetUtcNow();
        var level = (RatingLevel)request.Level!.Value;
        var units = UnitsAt(application, stage);
        var rating = new Rating
        {
            ApplicationId = application.Id, Stage = stage, Version = (earlier?.Version ?? 0) + 1, Level = level, Scores = scores, IndicatorSetId = set.Id,
            Comment = comment.Value, Channel = channel, RaterId = application.ApplicantId, ItemCode = application.BundleCode ?? application.ItemCode!,
            Units = units, Day = earlier?.Day ?? today, CreatedAt = now.ToUnixTimeMilliseconds(),
            ContentHash = "",
        };
        rating = Hashed(rating);
        db.Ratings.Add(rating);
        LedgerOutbox.Stage(db, LedgerEvent.Create("rating.recorded", $"rating:{rating.Id}", "applicant", now, new
        {
            application = rating.ApplicationId, stage = EnumText.Of(rating.Stage), version = rating.Version, level = (int)rating.Level, indicatorSet = rating.IndicatorSetId,
            contentHash = rating.ContentHash,
        }));
        if (link is not null)
        {
            db.Attach(link);
            link.UsedAt = rating.CreatedAt;
        }
        if (rating.IsPoor)
        {
            await Rectifications.OpenAsync(db, rating, services, today, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            var unitFacts = await UnitQueries.ManyAsync(db, units, ct);
            foreach (var unit in unitFacts.Values)
            {
                await SmileIndex.CountAsync(db, rating.Day, unit, rating.ItemCode, level, +1, ct);
                if (earlier is not null)
                {
                    await SmileIndex.CountAsync(db, rating.Day, unit, rating.ItemCode, earlier.Level, -1, ct);
                }
            }
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || Storage.DbErrors.IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return link is not null
                ? new StateConflict(Texts.T("This rating link has already been used"), "used")
                : new StateConflict(Texts.T("This stage of the application was rated at this moment from another device; your rating was not added"), "rated");
        }
        return rating;
    }

    /// <summary>The units that handled the matter at the stage (those that accepted it; those that decided it).</summary>
    private static List<Guid> UnitsAt(Application application, RatingStage stage)
    {
        var handled = application.Tasks
            .Where(t => stage == RatingStage.Acceptance ? t.State is not (TaskState.Waiting or TaskState.Queued or TaskState.Cancelled) : t.State is TaskState.Approved or TaskState.Refused)
            .Select(t => t.UnitId).Distinct().ToList();
        return handled.Count > 0 ? handled : [.. application.Tasks.Select(t => t.UnitId).Distinct()];
    }

    /// <summary>The rating with its content hash: SHA-256 over the canonical JSON of what was rated, the comment by its own SHA-256.</summary>
    public static Rating Hashed(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        var content = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = rating.Id,
            ["application"] = rating.ApplicationId,
            ["stage"] = EnumText.Of(rating.Stage),
            ["version"] = rating.Version,
            ["level"] = (int)rating.Level,
            ["scores"] = new SortedDictionary<string, int>(rating.Scores, StringComparer.Ordinal),
            ["indicatorSet"] = rating.IndicatorSetId,
            ["channel"] = EnumText.Of(rating.Channel),
            ["createdAt"] = rating.CreatedAt,
            ["comment"] = rating.Comment is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rating.Comment))),
        };
        var bytes = CanonicalJson.Serialize(content, JsonDefaults.Options);
        return new Rating
        {
            Id = rating.Id, ApplicationId = rating.ApplicationId, Stage = rating.Stage, Version = rating.Version, Level = rating.Level, Scores = rating.Scores,
            IndicatorSetId = rating.IndicatorSetId, Comment = rating.Comment, Channel = rating.Channel, RaterId = rating.RaterId, ItemCode = rating.ItemCode,
            Units = rating.Units, Day = rating.Day, CreatedAt = rating.CreatedAt, ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
    }
}
