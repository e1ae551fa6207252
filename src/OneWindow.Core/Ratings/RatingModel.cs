using OneWindow.Common;

namespace OneWindow.Ratings;

/// <summary>The five levels of 好差评; <see cref="Dissatisfied"/> and <see cref="VeryDissatisfied"/> are a 差评.</summary>
public enum RatingLevel
{
    VeryDissatisfied = 1, // 非常不满意
    Dissatisfied = 2,     // 不满意
    Fair = 3,             // 基本满意
    Satisfied = 4,        // 满意
    VerySatisfied = 5,    // 非常满意
}

/// <summary>When in a matter it is rated (一事多评): at acceptance (受理) and when it is finished (办结).</summary>
public enum RatingStage
{
    Acceptance,
    Completion,
}

/// <summary>Where a rating was given.</summary>
public enum RatingChannel
{
    Web,
    Phone,
    Kiosk,
    Window,

    /// <summary>The signed single-use link of a rating invitation, without signing in.</summary>
    Link,
}

/// <summary>Which indicator set applies: online (web, phone, link) or in person (window, kiosk).</summary>
public enum IndicatorScope
{
    Online,
    Window,
}

public sealed record Indicator(string Code, string Name, string NameEn);

/// <summary>
/// One version of the indicators a rating is given under (the national scheme versions them); data, not code:
/// shipped in <c>Ratings/Data/indicators.json</c> and added to the table when a new id appears there.
/// </summary>
public sealed class IndicatorSet
{
    public required string Id { get; init; }

    public required IndicatorScope Scope { get; init; }

    public required int Version { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public List<Indicator> Indicators { get; init; } = [];
}

/// <summary>
/// A rating of one application at one stage (好差评). One per stage; a change is a new version, and every version stays
/// (supervisors see the first and the latest). The rater is kept for the record and the person's own view, never shown
/// to the rated unit. <see cref="ContentHash"/> covers what was rated — the comment by its own hash — and is what the
/// ledger records, so a supervisor can prove none vanished or changed. Times are Unix ms.
/// </summary>
public sealed class Rating
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ApplicationId { get; init; }

    public required RatingStage Stage { get; init; }

    /// <summary>1 for the first rating of the stage, then 2, 3… (unique with the application and stage).</summary>
    public required int Version { get; init; }

    public required RatingLevel Level { get; init; }

    /// <summary>The other indicators' levels, by indicator code (整体满意度 is <see cref="Level"/>).</summary>
    public Dictionary<string, int> Scores { get; init; } = [];

    public required string IndicatorSetId { get; init; }

    public string? Comment { get; init; }

    public required RatingChannel Channel { get; init; }

    public required Guid RaterId { get; init; }

    /// <summary>The item or bundle rated (its code).</summary>
    public required string ItemCode { get; init; }

    /// <summary>The units that handled the matter at this stage.</summary>
    public List<Guid> Units { get; init; } = [];

    /// <summary>The local day of the stage's first rating: where the stage is counted in the smile index.</summary>
    public required DateOnly Day { get; init; }

    public required long CreatedAt { get; init; }

    /// <summary>SHA-256 (hex) of the canonical JSON of what was rated.</summary>
    public required string ContentHash { get; init; }

    public bool IsPoor => Level <= RatingLevel.Dissatisfied;
}

/// <summary>
/// A completed or refused application waiting to be invited for a rating (智能邀评): made in the save that finished it,
/// due three days later, sent once if the finish is still unrated then.
/// </summary>
public sealed class RatingInvitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The case (not unique: a case finishes once, since its saves are versioned — a unique key here would turn the
    /// loser of two simultaneous decisions into a unique violation before its version check).</summary>
    public required Guid ApplicationId { get; init; }

    public required Guid ApplicantId { get; init; }

    public required string ItemCode { get; init; }

    public required long DueAt { get; init; }

    public long? InvitedAt { get; set; }

    /// <summary>True when the finish was rated before the invitation was due (nothing sent).</summary>
    public bool Skipped { get; set; }

    public Guid? LinkId { get; set; }

    public int Version { get; set; }

    /// <summary>The link's token while the invitation is being saved (for the notification's link); never stored.</summary>
    public string? Token { get; set; }
}

/// <summary>A rating link's record: what it rates, until when, whether it was used (single use). Its token is not stored.</summary>
public sealed class RatingLink
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ApplicationId { get; init; }

    public required RatingStage Stage { get; init; }

    public required long ExpiresAt { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>When it was used; a concurrency token, so of two uses at once one wins.</summary>
    public long? UsedAt { get; set; }
}

public enum RectificationState
{
    Open,
    Closed,
}

/// <summary>
/// The handling of a 差评 (差评整改): owned by a unit that handled the matter, visible to the units above it; verified,
/// the person called back (the date, the outcome, the person's renewed level), fixed within 15 working days by the
/// official calendar, escalated to the unit above when overdue, closed only with a callback recorded. Times are Unix ms.
/// </summary>
public sealed class Rectification
{
    public const int WorkingDays = 15;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid RatingId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required RatingStage Stage { get; init; }

    public required Guid UnitId { get; init; }

    public required string ItemCode { get; init; }

    public required RatingLevel Level { get; init; }

    public RectificationState State { get; set; }

    public required long OpenedAt { get; init; }

    public required DateOnly OpenedOn { get; init; }

    /// <summary>15 working days after <see cref="OpenedOn"/>; null while the calendar of that year is not loaded.</summary>
    public DateOnly? DueDate { get; set; }

    public string? Finding { get; set; }

    public long? VerifiedAt { get; set; }

    public Guid? VerifiedBy { get; set; }

    public DateOnly? CalledBackOn { get; set; }

    public string? CallbackOutcome { get; set; }

    public RatingLevel? RenewedLevel { get; set; }

    public Guid? CalledBackBy { get; set; }

    public string? Fix { get; set; }

    public long? ClosedAt { get; set; }

    public Guid? ClosedBy { get; set; }

    public long? EscalatedAt { get; set; }

    public Guid? EscalatedToUnitId { get; set; }

    public int Version { get; set; }
}

/// <summary>Ratings counted per level, over a period (a local day, or a month by its first day).</summary>
public abstract class RatingLevels : IPeriodRow
{
    public required DateOnly Day { get; init; }

    public int VerySatisfied { get; set; }

    public int Satisfied { get; set; }

    public int Fair { get; set; }

    public int Dissatisfied { get; set; }

    public int VeryDissatisfied { get; set; }
}

/// <summary>
/// The smile index's pre-aggregate: ratings by period (a local day, or a month by its first day), unit and item, with the unit's division and department, as
/// counts per level (each stage's current version counted once, on the day it was first rated). Updated in the rating's
/// own transaction by an atomic upsert, the day's row and the month's.
/// </summary>
public abstract class RatingTally : RatingLevels
{
    public required Guid UnitId { get; init; }

    public required string ItemCode { get; init; }

    public required string DivisionCode { get; init; }

    public required Catalog.DepartmentKind Department { get; init; }
}

/// <summary>Ratings by local day.</summary>
public sealed class RatingCount : RatingTally;

/// <summary>Ratings by month (its first day): a year's view reads twelve rows per unit and item instead of 365.</summary>
public sealed class RatingMonthCount : RatingTally;

/// <summary>
/// The same counts for a division's whole subtree — every unit in it, every item — at each of the five levels (a unit's
/// rating counts for its own division and each one above): a division's smile index over a period is a row per day or
/// month, however many units and items it has. Updated in the same upsert as <see cref="RatingTally"/>.
/// </summary>
public abstract class RatingRollup : RatingLevels
{
    public required int Level { get; init; }

    public required string Division { get; init; }
}

/// <summary>A division's ratings by local day.</summary>
public sealed class RatingDivisionCount : RatingRollup;

/// <summary>A division's ratings by month (its first day).</summary>
public sealed class RatingDivisionMonthCount : RatingRollup;
