namespace OneWindow.DataSharing;

/// <summary>
/// A unit's subscription to changes of a shared data item (变更订阅): under one of its approved grants, for some of
/// the grant's fields. Every new version of a record that changes one of those fields is pushed to the unit's
/// system as a signed CloudEvent, numbered by <see cref="LastSequence"/> (per subscription, increasing, allocated in
/// the write's transaction), through the webhook outbox. A push is a read: it is in the subject's data log and the
/// ledger like one.
/// </summary>
public sealed class DataSubscription
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UnitId { get; init; }

    public required string ItemCode { get; init; }

    public required Guid GrantId { get; init; }

    /// <summary>The fields whose change is pushed; a subset of the grant's fields.</summary>
    public required List<string> Fields { get; init; }

    public long LastSequence { get; init; }

    public bool Active { get; private set; } = true;

    public required Guid CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? CancelledBy { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public int Version { get; private set; }

    internal void Cancel(Guid by, DateTimeOffset now)
    {
        Active = false;
        CancelledBy = by;
        CancelledAt = now;
        Version++;
    }
}
