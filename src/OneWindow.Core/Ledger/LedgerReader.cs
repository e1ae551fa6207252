using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Storage;

namespace OneWindow.Ledger;

/// <summary>
/// Reads the log: its size and roots, entries, and proofs. A proof reads only the O(log n) stored
/// subtree hashes it needs, in one query, and with a <see cref="LedgerNodeCache"/> only those below
/// the cached upper levels; nothing is rehashed beyond combining those.
/// </summary>
public sealed class LedgerReader(OneWindowDb db, LedgerNodeCache? cache = null)
{
    public sealed record State(long Size, byte[] Root);

    public async Task<State> StateAsync(CancellationToken ct)
    {
        var state = await db.LedgerStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, ct);
        return state is null ? new State(0, Merkle.EmptyRoot()) : new State(state.Size, state.Root);
    }

    /// <summary>The root of the first <paramref name="size"/> leaves (size ≤ the log's size).</summary>
    public async Task<byte[]> RootAsync(long size, CancellationToken ct)
    {
        var hashes = await HashesAsync(Merkle.Decompose(0, size), ct);
        return Merkle.SubtreeHash(0, size, (level, index) => hashes[(level, index)]);
    }

    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long treeSize, CancellationToken ct) =>
        await ProofAsync(Merkle.InclusionRanges(index, treeSize), ct);

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long first, long second, CancellationToken ct) =>
        await ProofAsync(Merkle.ConsistencyRanges(first, second), ct);

    /// <summary>The lowest index whose leaf hash is <paramref name="leafHash"/> and below <paramref name="treeSize"/>, if any.</summary>
    public async Task<long?> IndexOfAsync(byte[] leafHash, long treeSize, CancellationToken ct)
    {
        var indices = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.LeafHash == leafHash && e.Index < treeSize)
            .OrderBy(e => e.Index).Select(e => e.Index).Take(1).ToListAsync(ct);
        return indices.Count == 0 ? null : indices[0];
    }

    /// <summary>The entries from <paramref name="start"/> to <paramref name="end"/> inclusive that the log holds, with their bytes.</summary>
    public async Task<IReadOnlyList<LoggedEntry>> EntriesAsync(long start, long end, CancellationToken ct)
    {
        var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.Index >= start && e.Index <= end)
            .OrderBy(e => e.Index).Select(e => new { e.Index, e.LeafHash }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var (first, last) = (EntryBundle.Of(rows[0].Index), EntryBundle.Of(rows[^1].Index));
        var bundles = await db.LedgerBundles.AsNoTracking().Where(b => b.Index >= first && b.Index <= last).ToDictionaryAsync(b => b.Index, b => b.Data, ct);
        var split = new Dictionary<long, List<(int Offset, int Length)>>();
        var entries = new List<LoggedEntry>(rows.Count);
        foreach (var row in rows)
        {
            var number = EntryBundle.Of(row.Index);
            if (!bundles.TryGetValue(number, out var bundle))
            {
                throw new InvalidDataException($"The ledger's entry bundle {number} (entry {row.Index}) is missing.");
            }
            if (!split.TryGetValue(number, out var offsets))
            {
                split[number] = offsets = EntryBundle.Split(bundle);
            }
            var position = (int)(row.Index % EntryBundle.Width);
            if (position >= offsets.Count)
            {
                throw new InvalidDataException($"The ledger's entry bundle {number} holds {offsets.Count} entries; entry {row.Index} is not among them.");
            }
            var (offset, length) = offsets[position];
            entries.Add(new LoggedEntry(row.Index, row.LeafHash, bundle.AsSpan(offset, length).ToArray()));
        }
        return entries;
    }

    private async Task<IReadOnlyList<byte[]>> ProofAsync(List<(long Start, long Size)> ranges, CancellationToken ct)
    {
        var hashes = await HashesAsync(ranges.SelectMany(r => Merkle.Decompose(r.Start, r.Size)), ct);
        return [.. ranges.Select(r => Merkle.SubtreeHash(r.Start, r.Size, (level, index) => hashes[(level, index)]))];
    }

    /// <summary>
    /// Fetches stored hashes — level 0 from the leaves, higher levels from the node table — in one
    /// round trip, skipping those the cache holds.
    /// </summary>
    private async Task<Dictionary<(int, long), byte[]>> HashesAsync(IEnumerable<(int Level, long Index)> keys, CancellationToken ct)
    {
        cache?.EnsureLoading();
        var wanted = keys.Distinct().ToList();
        var result = new Dictionary<(int, long), byte[]>(wanted.Count);
        var missing = new List<(int Level, long Index)>(wanted.Count);
        foreach (var key in wanted)
        {
            if (cache is not null && cache.TryGet(key.Level, key.Index, out var hash))
            {
                result[key] = hash;
            }
            else
            {
                missing.Add(key);
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder();
            var leaves = missing.Where(k => k.Level == 0).Select(k => k.Index).ToList();
            if (leaves.Count > 0)
            {
                sql.Append("SELECT 0, idx, leaf_hash FROM ledger_entries WHERE idx IN (").Append(Parameters(command, "@e", leaves.Cast<object>())).Append(')');
            }
            var nodes = missing.Where(k => k.Level > 0).ToList();
            if (nodes.Count > 0)
            {
                sql.Append(leaves.Count > 0 ? " UNION ALL " : "").Append("SELECT level, idx, hash FROM ledger_nodes WHERE ");
                for (var i = 0; i < nodes.Count; i++)
                {
                    sql.Append(i == 0 ? "" : " OR ").Append("(level = @l").Append(i).Append(" AND idx = @i").Append(i).Append(')');
                    command.AddParameter($"@l{i}", nodes[i].Level);
                    command.AddParameter($"@i{i}", nodes[i].Index);
                }
            }
            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var level = reader.GetInt32(0);
                var index = reader.GetInt64(1);
                var hash = (byte[])reader.GetValue(2);
                result[(level, index)] = hash;
                cache?.Add(level, index, hash);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
        if (result.Count != wanted.Count)
        {
            var absent = wanted.First(k => !result.ContainsKey(k));
            throw new InvalidDataException($"The ledger is missing the stored hash of level {absent.Level} index {absent.Index}.");
        }
        return result;
    }

    private static string Parameters(DbCommand command, string prefix, IEnumerable<object> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count}";
            command.AddParameter(name, value);
            names.Add(name);
        }
        return string.Join(", ", names);
    }
}
