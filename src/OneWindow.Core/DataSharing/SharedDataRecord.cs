namespace OneWindow.DataSharing;

/// <summary>
/// One version of the record a shared data item holds about one subject. The subject is kept only as its
/// keyed hash (<see cref="SubjectKeys"/>): the table can be searched by someone who knows the identity number,
/// and says nothing to someone who does not. Versions are never changed; a write adds the next one.
/// </summary>
public sealed class SharedDataRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string ItemCode { get; init; }

    /// <summary>HMAC-SHA256 of the subject under a key derived from the master key, hex.</summary>
    public required string SubjectHash { get; init; }

    /// <summary>1 for the first record about the subject, then one more for each write.</summary>
    public required int Version { get; init; }

    /// <summary>The record, as JSON that satisfied the item's schema when written.</summary>
    public required string Data { get; init; }

    public required Guid UnitId { get; init; }

    public required Guid WrittenBy { get; init; }

    public DateTimeOffset WrittenAt { get; init; }

    /// <summary>The leaf hash of the write's entry in the transparency ledger.</summary>
    public required byte[] LedgerLeafHash { get; init; }
}
