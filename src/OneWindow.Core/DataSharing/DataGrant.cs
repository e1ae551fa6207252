using OneWindow.Common;

namespace OneWindow.DataSharing;

public enum GrantState
{
    /// <summary>Asked for by the consumer, waiting for the owner department.</summary>
    Requested,

    Approved,

    Refused,

    /// <summary>Ended before its expiry, by the owner or by the consumer.</summary>
    Revoked,
}

/// <summary>
/// Permission for one consumer unit to read some fields of one shared data item for one purpose until a
/// date, decided by an admin of the owner department (数据共享授权).
/// </summary>
public sealed class DataGrant
{
    public const int MaxPurposeLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string ItemCode { get; init; }

    public required Guid ConsumerUnitId { get; init; }

    public required List<string> Fields { get; init; }

    /// <summary>Why the consumer reads: every read names the same purpose.</summary>
    public required string Purpose { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public GrantState State { get; private set; } = GrantState.Requested;

    public required Guid RequestedBy { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public Guid? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? Note { get; private set; }

    public int Version { get; private set; }

    /// <summary>Whether a read for <paramref name="purpose"/> of <paramref name="fields"/> at <paramref name="now"/> is covered; otherwise why not.</summary>
    public string? Refuses(string purpose, IEnumerable<string> fields, DateTimeOffset now) =>
        State != GrantState.Approved ? Texts.T("the grant is {0}", State.Name())
        : ExpiresAt <= now ? Texts.T("the grant has expired")
        : !string.Equals(Purpose, purpose, StringComparison.Ordinal) ? Texts.T("the grant is for another purpose")
        : fields.FirstOrDefault(f => !Fields.Contains(f, StringComparer.Ordinal)) is { } outside ? Texts.T("the field {0} is outside the grant", outside)
        : null;

    public Failure? Decide(bool approve, Guid by, string? note, DateTimeOffset now)
    {
        if (State != GrantState.Requested)
        {
            return new StateConflict(Texts.T("A grant that is {0} cannot be decided", State.Name()), EnumText.Of(State));
        }
        State = approve ? GrantState.Approved : GrantState.Refused;
        DecidedBy = by;
        DecidedAt = now;
        Note = note;
        Version++;
        return null;
    }

    public Failure? Revoke(Guid by, string? note, DateTimeOffset now)
    {
        if (State is not (GrantState.Approved or GrantState.Requested))
        {
            return new StateConflict(Texts.T("A grant that is {0} cannot be revoked", State.Name()), EnumText.Of(State));
        }
        State = GrantState.Revoked;
        DecidedBy = by;
        DecidedAt = now;
        Note = note;
        Version++;
        return null;
    }
}
