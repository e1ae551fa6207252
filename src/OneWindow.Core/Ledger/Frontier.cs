namespace OneWindow.Ledger;

/// <summary>A newly completed subtree: level k covers 2^k leaves starting at Index × 2^k.</summary>
public readonly record struct CompletedNode(int Level, long Index, byte[] Hash);

/// <summary>
/// The right edge of the tree: the roots of the complete subtrees that make up the first
/// <see cref="Size"/> leaves, largest first. Appending a leaf merges equal-sized subtrees and yields
/// each subtree it completes, which is what the log stores.
/// </summary>
public sealed class Frontier
{
    private readonly List<(int Level, byte[] Hash)> _edge;

    public Frontier()
        : this(0, [])
    {
    }

    private Frontier(long size, List<(int, byte[])> edge)
    {
        Size = size;
        _edge = edge;
    }

    public long Size { get; private set; }

    public Frontier Clone() => new(Size, [.. _edge]);

    /// <summary>Appends a leaf hash; completed subtrees of level ≥ 1 are added to <paramref name="completed"/>.</summary>
    public void Append(byte[] leafHash, List<CompletedNode>? completed) => Append(0, leafHash, completed);

    /// <summary>
    /// Appends the root of a complete subtree of 2^<paramref name="level"/> leaves, as if its leaves
    /// were appended one by one. The size so far must be a multiple of 2^level (the subtree is aligned).
    /// </summary>
    public void AppendSubtree(int level, byte[] hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 62);
        if ((Size & ((1L << level) - 1)) != 0)
        {
            throw new InvalidOperationException($"A subtree of 2^{level} leaves cannot follow {Size} leaves: it would not be aligned.");
        }
        Append(level, hash, null);
    }

    private void Append(int level, byte[] hash, List<CompletedNode>? completed)
    {
        var first = Size;
        _edge.Add((level, hash));
        Size += 1L << level;
        while (_edge.Count >= 2 && _edge[^1].Level == _edge[^2].Level)
        {
            var right = _edge[^1];
            var left = _edge[^2];
            _edge.RemoveRange(_edge.Count - 2, 2);
            var merged = left.Level + 1;
            var node = Merkle.NodeHash(left.Hash, right.Hash);
            _edge.Add((merged, node));
            completed?.Add(new CompletedNode(merged, first >> merged, node));
        }
    }

    /// <summary>The Merkle Tree Hash of the leaves so far.</summary>
    public byte[] Root()
    {
        if (_edge.Count == 0)
        {
            return Merkle.EmptyRoot();
        }
        var root = _edge[^1].Hash;
        for (var i = _edge.Count - 2; i >= 0; i--)
        {
            root = Merkle.NodeHash(_edge[i].Hash, root);
        }
        return root;
    }

    /// <summary>Serializes as size (8 bytes) then the edge hashes, largest subtree first.</summary>
    public byte[] Serialize()
    {
        var bytes = new byte[8 + (_edge.Count * Merkle.HashSize)];
        Merkle.WriteUInt64(bytes, (ulong)Size);
        for (var i = 0; i < _edge.Count; i++)
        {
            _edge[i].Hash.CopyTo(bytes, 8 + (i * Merkle.HashSize));
        }
        return bytes;
    }

    public static Frontier Deserialize(ReadOnlySpan<byte> bytes)
    {
        var size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var levels = Merkle.Decompose(0, size).Select(d => d.Level).ToList();
        if (bytes.Length != 8 + (levels.Count * Merkle.HashSize))
        {
            throw new InvalidDataException($"A frontier of size {size} has {levels.Count} hashes, not {(bytes.Length - 8) / Merkle.HashSize}.");
        }
        var edge = new List<(int, byte[])>(levels.Count);
        for (var i = 0; i < levels.Count; i++)
        {
            edge.Add((levels[i], bytes.Slice(8 + (i * Merkle.HashSize), Merkle.HashSize).ToArray()));
        }
        return new Frontier(size, edge);
    }
}
