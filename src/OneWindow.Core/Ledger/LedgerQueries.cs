using Microsoft.EntityFrameworkCore;

namespace OneWindow.Ledger;

/// <summary>One logged entry as an audit reads it: where it sits, its type, subject and leaf hash.</summary>
public sealed record LedgerEntryHead(long Index, string Type, string Subject, byte[] LeafHash);

/// <summary>
/// How other modules read the ledger's tables for an audit: they belong to Ledger, and no other module
/// touches them directly (the architecture test <c>ModuleTableTests</c> holds that).
/// </summary>
public static class LedgerQueries
{
    /// <summary>The logged entries of the given types, in log order, streamed.</summary>
    public static IAsyncEnumerable<LedgerEntryHead> EntriesOfTypesAsync(OneWindowDb db, IReadOnlyCollection<string> types)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.LedgerEntries.AsNoTracking().Where(e => types.Contains(e.Type)).OrderBy(e => e.Index)
            .Select(e => new LedgerEntryHead(e.Index, e.Type, e.Subject, e.LeafHash)).AsAsyncEnumerable();
    }

    /// <summary>The leaf hashes of the entries staged in the outbox and not yet logged, streamed.</summary>
    public static async IAsyncEnumerable<byte[]> PendingLeafHashesAsync(OneWindowDb db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await foreach (var input in db.LedgerOutbox.AsNoTracking().Select(o => o.Input).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return Merkle.LeafHash(input);
        }
    }
}
