using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Ledger;

/// <summary>Reads the log straight from its database, for `onewindow ledger verify --db`.</summary>
public sealed class DatabaseLogSource(OneWindowDb db) : ILogSource
{
    public async Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct)
    {
        var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The log has published no signed checkpoint yet; start the server or fetch /api/ledger/checkpoint once.");
        return new SignedTreeHead(latest.Size, latest.Timestamp, latest.Root, latest.TreeHeadSignature);
    }

    public async IAsyncEnumerable<SourceEntry> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
    {
        // One streaming query: the database hands rows over as fast as it reads them.
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, input, leaf_hash FROM ledger_entries WHERE idx >= @start AND idx <= @end ORDER BY idx";
        LedgerWriter.Add(command, "@start", start);
        LedgerWriter.Add(command, "@end", end);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new SourceEntry(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
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
