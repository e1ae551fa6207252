using OneWindow.Common;

namespace OneWindow.Supervision;

public enum FactKind
{
    Received,
    Closed,
    Supplement,
}

/// <summary>
/// Something the supervision rollups have not counted yet: written in the save of the change (a case submitted, finished,
/// or a supplement asked for), folded into <see cref="CaseCount"/> and <see cref="CaseDuration"/> and deleted in one
/// transaction by <see cref="SupervisionFolder"/> — so every change is counted exactly once, and no business save waits on
/// a counter row.
/// </summary>
public sealed class SupervisionFact
{
    public long Id { get; init; }

    public required FactKind Kind { get; init; }

    public required Guid ApplicationId { get; init; }

    /// <summary>When it happened (Unix ms).</summary>
    public required long At { get; init; }
}

/// <summary>A rollup row of one item or bundle, or of all (<see cref="CaseRollup.AllItems"/>).</summary>
public interface IItemRow
{
    string ItemCode { get; }
}

/// <summary>
/// A supervision rollup row: per period (<see cref="Day"/>: a local day, or the first day of a month), division (at each of
/// the five levels: a case counts once for its village and once for each division above it) and item or bundle — what was
/// received, finished, on time, the working days used and promised, supplements, and the seeds' measures (forms, materials,
/// trips) against the separate items. Each division's period also has a row of all its items together
/// (<see cref="AllItems"/>): the views that do not break down by item (the divisions one level down, the daily trend, the
/// 90th percentile) read one row per division and period instead of one per item.
/// </summary>
public abstract class CaseRollup : IPeriodRow, IItemRow
{
    /// <summary>The item code of the rows that count every item of their division and period.</summary>
    public const string AllItems = "*";

    public required DateOnly Day { get; init; }

    public required int Level { get; init; }

    public required string Division { get; init; }

    public required string ItemCode { get; init; }

    public int Received { get; set; }

    public int ReceivedOnline { get; set; }

    public int Completed { get; set; }

    public int PartlyCompleted { get; set; }

    public int Refused { get; set; }

    public int OnTime { get; set; }

    public int DaysUsed { get; set; }

    public int DaysPromised { get; set; }

    public int Supplements { get; set; }

    public int Forms { get; set; }

    public int FormsSeparately { get; set; }

    public int Materials { get; set; }

    public int MaterialsSeparately { get; set; }

    public int Trips { get; set; }

    public int TripsSeparately { get; set; }
}

/// <summary>The rollup by local day.</summary>
public sealed class CaseCount : CaseRollup;

/// <summary>
/// The same rollup by month (<see cref="CaseRollup.Day"/> is the month's first day): a year of a province's cities is
/// some ten thousand rows instead of three hundred thousand; whole months of a period are read here, the days at its ends
/// from <see cref="CaseCount"/>.
/// </summary>
public sealed class MonthCount : CaseRollup;

/// <summary>
/// How many cases finished in a period took so many working days (a histogram, for the 90th percentile); like the counts,
/// per item and for all items (<see cref="CaseRollup.AllItems"/>).
/// </summary>
public abstract class DurationRollup : IPeriodRow, IItemRow
{
    public required DateOnly Day { get; init; }

    public required int Level { get; init; }

    public required string Division { get; init; }

    public required string ItemCode { get; init; }

    public required int WorkingDays { get; init; }

    public int Count { get; set; }
}

/// <summary>The histogram by local day.</summary>
public sealed class CaseDuration : DurationRollup;

/// <summary>The histogram by month (the month's first day).</summary>
public sealed class MonthDuration : DurationRollup;
