using OneWindow.Applications;

namespace OneWindow.Unresolved;

public enum ReportState
{
    /// <summary>With the owner, within its time limit or escalated.</summary>
    Open,

    /// <summary>The owner recorded what was done; waiting for the person's rating.</summary>
    Resolved,

    /// <summary>The person rated the outcome.</summary>
    Rated,
}

/// <summary>
/// A report of something a person could not get done (办不成事反映): what they tried, where, which unit or item, how to
/// reach them, optionally their application. It goes to the named person in charge of the level above (the 市县乡村
/// liaison roster), is due in working days by the official calendar, moves up a level each time it is overdue, and ends
/// with the owner's recorded outcome and the person's rating of it. The person follows it by its tracking number
/// (with their phone's last four digits when not signed in). Times are Unix ms.
/// </summary>
public sealed class UnresolvedReport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string TrackingNumber { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>The person's account when they reported signed in (or a clerk filed for a registered resident).</summary>
    public Guid? ReporterId { get; init; }

    /// <summary>The clerk who took it at a window.</summary>
    public Guid? FiledById { get; init; }

    public required string ReporterName { get; init; }

    public required string Phone { get; init; }

    /// <summary>What they tried to get done, and what went wrong.</summary>
    public required string Tried { get; init; }

    /// <summary>Where it happened (the village or community the matter belongs to).</summary>
    public required string DivisionCode { get; init; }

    public Guid? UnitId { get; init; }

    public string? ItemCode { get; init; }

    public Guid? ApplicationId { get; init; }

    /// <summary>The division whose person in charge owns it now (the level above the unit; higher after each escalation).</summary>
    public required string OwnerDivision { get; set; }

    /// <summary>The owner's name and title as named in the roster when it reached them (null: none named yet).</summary>
    public string? OwnerName { get; set; }

    public string? OwnerTitle { get; set; }

    public ReportState State { get; set; }

    public required long SubmittedAt { get; init; }

    public required int TimeLimitDays { get; init; }

    /// <summary>The working day it is due with its current owner; null while the calendar lacks the year.</summary>
    public DateOnly? DueDate { get; set; }

    public int Escalations { get; set; }

    public long? EscalatedAt { get; set; }

    public string? Outcome { get; set; }

    public long? ResolvedAt { get; set; }

    public Guid? ResolvedBy { get; set; }

    /// <summary>The person's rating of the outcome, 1 (very dissatisfied) to 5 (very satisfied).</summary>
    public int? Rating { get; set; }

    public long? RatedAt { get; set; }

    public int Version { get; set; }
}
