using System.Collections.Concurrent;

namespace OneWindow.Ledger;

/// <summary>
/// The tree's upper levels in memory. In an append-only log the hash of a complete subtree never
/// changes once stored, and every proof passes through the top of the tree, so hashes of subtrees of
/// at least 2^<see cref="MinLevel"/> leaves are kept once read: after warm-up a proof reads only its
/// lowest levels from the database. The first reader loads every stored upper-level hash in one
/// query (20,000 rows for a log of 10 M entries); later ones are added as proofs read them. Bounded: at most <see cref="Capacity"/> hashes (about 30 MB,
/// every level ≥ 10 of a log of 128 M entries); beyond that, further hashes are read each time.
/// </summary>
public sealed class LedgerNodeCache
{
    public const int MinLevel = 10;

    public const int Capacity = 1 << 18;

    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _hashes = new();
    private int _loading;

    public int Count => _hashes.Count;

    /// <summary>True for exactly one caller: the one that should load the stored upper levels.</summary>
    public bool ClaimInitialLoad() => Interlocked.Exchange(ref _loading, 1) == 0;

    public bool TryGet(int level, long index, out byte[] hash)
    {
        if (level >= MinLevel && _hashes.TryGetValue((level, index), out var found))
        {
            hash = found;
            return true;
        }
        hash = [];
        return false;
    }

    /// <summary>Keeps a stored hash of a complete subtree (smaller subtrees are ignored).</summary>
    public void Add(int level, long index, byte[] hash)
    {
        if (level >= MinLevel && _hashes.Count < Capacity)
        {
            _hashes.TryAdd((level, index), hash);
        }
    }
}
