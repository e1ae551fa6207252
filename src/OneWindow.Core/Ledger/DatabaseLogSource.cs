using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Ledger;

/// <summary>Reads the log straight from its database, for `onewindow ledger verify --db`.</summary>
public sealed class DatabaseLogSource(OneWindowDb db) : ILogSource
{
    private const int Page = 5000;

    public async Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct)
    {
        var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The log has published no signed checkpoint yet; start the server or fetch /api/ledger/checkpoint once.");
        return new SignedTreeHead(latest.Size, latest.Timestamp, latest.Root, latest.TreeHeadSignature);
    }

    public async IAsyncEnumerable<SourceEntry> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var from = start; from <= end; from += Page)
        {
            var to = Math.Min(end, from + Page - 1);
            var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.Index >= from && e.Index <= to).OrderBy(e => e.Index)
                .Select(e => new { e.Index, e.Input, e.LeafHash }).ToListAsync(ct);
            foreach (var row in rows)
            {
                yield return new SourceEntry(row.Index, row.Input, row.LeafHash);
            }
            if (rows.Count < to - from + 1)
            {
                yield break;
            }
        }
    }

    public Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct) =>
        new LedgerReader(db).ConsistencyProofAsync(first, second, ct);

    /// <summary>The public key that signed the latest checkpoint.</summary>
    public async Task<byte[]> SigningKeyAsync(CancellationToken ct)
    {
        var keyId = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).Select(c => c.KeyId).FirstAsync(ct);
        return await db.LedgerKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.PublicKey).FirstAsync(ct);
    }
}
