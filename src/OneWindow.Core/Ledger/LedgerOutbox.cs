using Microsoft.EntityFrameworkCore;

namespace OneWindow.Ledger;

/// <summary>
/// An event waiting to enter the log, written in the same transaction as the change it records. The
/// sequencer appends it and deletes this row in one transaction, so a committed change has exactly
/// one entry, and a rolled-back change none.
/// </summary>
public sealed class LedgerOutboxEntry
{
    public long Id { get; init; }

    public required string Type { get; init; }

    public required string Subject { get; init; }

    /// <summary>The event's canonical bytes, exactly as they will be the leaf input.</summary>
    public required byte[] Input { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Stages ledger events inside the caller's unit of work (the transactional outbox).</summary>
public static class LedgerOutbox
{
    /// <summary>
    /// Adds <paramref name="entry"/> to the outbox on <paramref name="db"/>; it is written when the caller
    /// saves, and appended to the log after that commits. Returns the leaf hash the entry will have.
    /// </summary>
    public static byte[] Stage(OneWindowDb db, LedgerEvent entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        var input = LedgerWriter.Encode(entry);
        db.LedgerOutbox.Add(new LedgerOutboxEntry { Type = entry.Type, Subject = entry.Subject, Input = input, CreatedAt = entry.Time });
        return Merkle.LeafHash(input);
    }

    /// <summary>How many staged events wait for the sequencer.</summary>
    public static Task<int> PendingAsync(OneWindowDb db, CancellationToken ct) => db.LedgerOutbox.CountAsync(ct);
}
