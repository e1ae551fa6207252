using OneWindow.Catalog;

namespace OneWindow.Applications;

/// <summary>Where a physical result (a document or card) stands after its task is approved.</summary>
public enum Handover
{
    None,               // electronic, or not approved yet
    AwaitingDispatch,   // approved; the unit prepares it
    ReadyForCollection, // 待领取 at the unit's window
    Mailed,             // 已寄出, with carrier and tracking number
    HandedOver,         // 已送达 / 已领取
}

/// <summary>How physical results reach the applicant: collected at a window, or mailed to the address given.</summary>
public enum DeliveryMethod
{
    Collect,
    Mail,
}

/// <summary>Where one department's part of an application stands.</summary>
public enum TaskState
{
    Waiting,              // 等待前置事项：a prerequisite has not been approved yet
    Queued,               // 待受理：in the competent unit's queue
    Accepted,             // 已受理：being handled
    SupplementRequested,  // 补正：waiting for the applicant; the task's clock is paused
    Approved,             // 办结：done, with its result
    Refused,              // 不予办理
    Cancelled,            // 终止：a prerequisite was refused
}

/// <summary>
/// One department's part of an application (办件的一个事项): the item, its competent unit, the form's
/// values under the item's field names, what it waits for, its own due date and paused working days,
/// who handled it and what came of it. Changed only through <see cref="Application"/>.
/// </summary>
public sealed class ApplicationTask
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string ItemCode { get; init; }

    public required Guid UnitId { get; init; }

    /// <summary>How its case was filed, copied from the case: the queue filters by it on the task rows alone.</summary>
    public Channel Channel { get; init; }

    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>Items of the same application that must be approved first.</summary>
    public List<string> Requires { get; init; } = [];

    /// <summary>Fields of the item the form did not fill: predecessors' results or the handling staff supply them.</summary>
    public List<string> Awaited { get; init; } = [];

    /// <summary>Result flows into this task: an earlier item's declared result that fills one of its awaited fields when approved.</summary>
    public List<ResultFlow> Receives { get; init; } = [];

    /// <summary>Approved predecessors' results, by item code, as this task received them.</summary>
    public Dictionary<string, Dictionary<string, string>> Inputs { get; set; } = [];

    public required int TimeLimitDays { get; init; }

    public TaskState State { get; internal set; }

    /// <summary>The day the task reached its unit's queue; its clock starts the next working day.</summary>
    public DateOnly? StartedOn { get; internal set; }

    /// <summary>Null while waiting, or while the calendar of the year it falls in is not loaded.</summary>
    public DateOnly? DueDate { get; internal set; }

    public int PausedWorkingDays { get; internal set; }

    public DateOnly? PausedSince { get; internal set; }

    /// <summary>What a supplement request asks for: field names of the task's item and material codes.</summary>
    public List<string> SupplementFields { get; internal set; } = [];

    public List<string> SupplementMaterials { get; internal set; } = [];

    public Guid? HandlerId { get; internal set; }

    /// <summary>When the applicant last answered a supplement (Unix milliseconds): an accepted task with one is back for the staff to look at.</summary>
    public long? SupplementAnsweredAt { get; internal set; }

    /// <summary>Who last acted on the task and when (Unix milliseconds, sortable on every provider): a staff member's recent actions.</summary>
    public Guid? LastActorId { get; internal set; }

    public long LastActedAt { get; internal set; }

    public Dictionary<string, string> Result { get; internal set; } = [];

    public string? Reason { get; internal set; }

    /// <summary>When the overdue task was escalated to its unit's supervising unit (once), and to which.</summary>
    public DateTimeOffset? EscalatedAt { get; internal set; }

    public Guid? EscalatedToUnitId { get; internal set; }

    /// <summary>When its unit was told the task falls due on the next working day (once; Unix ms).</summary>
    public long? DueSoonNotifiedAt { get; internal set; }

    /// <summary>Whether the item hands over a document or card (copied from the catalog when the case was opened).</summary>
    public bool Physical { get; init; }

    /// <summary>Where a physical result stands after approval; <see cref="Handover.None"/> for electronic results.</summary>
    public Handover Handover { get; internal set; }

    /// <summary>The postal carrier and tracking number of a mailed result.</summary>
    public string? Carrier { get; internal set; }

    public string? TrackingNumber { get; internal set; }

    public bool IsFinished => State is TaskState.Approved or TaskState.Refused or TaskState.Cancelled;
}
