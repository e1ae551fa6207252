namespace OneWindow.Proactive;

/// <summary>Where a benefit granted without application stands.</summary>
public enum BenefitState
{
    /// <summary>Granted; the acting unit is to pay it (its payment task).</summary>
    Granted,

    /// <summary>The acting unit has paid it.</summary>
    Paid,

    /// <summary>The person objected; a normal application takes over.</summary>
    Objected,
}

/// <summary>
/// A benefit granted without application: which rule, which event and which data produced it (the explanation the
/// person sees), for whom (the subject's keyed hash; the person's account when they have one) and at which unit.
/// (rule, event, subject) is unique: a replayed event grants nothing twice. Times are Unix milliseconds.
/// </summary>
public sealed class BenefitGrant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string RuleCode { get; init; }

    public required string EventId { get; init; }

    /// <summary>The beneficiary as <c>SubjectKeys</c> hashes a resident: never the identity number itself.</summary>
    public required string SubjectHash { get; init; }

    /// <summary>The beneficiary's account, when they have registered.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>The benefit: the catalog item granted.</summary>
    public required string ItemCode { get; init; }

    /// <summary>The unit that grants and pays it (the item's department at the subject's division).</summary>
    public required Guid UnitId { get; init; }

    /// <summary>The granted item's values taken from the event (the insured mother's name, the delivery date).</summary>
    public Dictionary<string, string> Fields { get; init; } = [];

    /// <summary>What every condition of the rule saw.</summary>
    public List<Observation> Explanation { get; init; } = [];

    public decimal? Amount { get; init; }

    public BenefitState State { get; set; }

    public long GrantedAt { get; init; }

    /// <summary>When it was paid or objected to, and by whom.</summary>
    public long? SettledAt { get; set; }

    public Guid? SettledBy { get; set; }

    public string? Objection { get; set; }
}

/// <summary>
/// An event waiting for the rules (a durable inbox row): staged in the same save as the approval that raised it, so
/// none is lost; taken by one worker at a time (a lease) and marked processed once its grants are committed.
/// </summary>
public sealed class ProactiveEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required TriggerKind Kind { get; init; }

    /// <summary>The catalog item approved.</summary>
    public required string Source { get; init; }

    /// <summary>The event's id, the same on a replay: the case and task.</summary>
    public required string EventId { get; init; }

    public Guid ApplicationId { get; init; }

    public Guid TaskId { get; init; }

    public long ReceivedAt { get; init; }

    public long? ProcessedAt { get; set; }

    /// <summary>Until when a worker holds it (Unix milliseconds); another takes it only after.</summary>
    public long LeasedUntil { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why the last attempt reached no decision for a rule (no unit to act, a read refused): for admins.</summary>
    public string? Note { get; set; }
}
