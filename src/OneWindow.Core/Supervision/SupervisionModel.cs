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

/// <summary>
/// The supervision rollup: per local day, division (at each of the five levels: a case counts once for its village and
/// once for each division above it) and item or bundle — what was received, finished, on time, the working days used
/// and promised, supplements, and the seeds' measures (forms, materials, trips) against the separate items.
/// </summary>
public sealed class CaseCount
{
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

/// <summary>How many cases finished in a day took so many working days (a histogram, for the 90th percentile).</summary>
public sealed class CaseDuration
{
    public required DateOnly Day { get; init; }

    public required int Level { get; init; }

    public required string Division { get; init; }

    public required string ItemCode { get; init; }

    public required int WorkingDays { get; init; }

    public int Count { get; set; }
}
