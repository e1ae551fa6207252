using System.Buffers;

namespace OneWindow.Ledger;

/// <summary>A signed tree head as a verifier receives it.</summary>
public sealed record SignedTreeHead(long TreeSize, long Timestamp, byte[] RootHash, byte[] TreeHeadSignature);

/// <summary>Where a verifier reads a log from: over HTTP from a server, or straight from a database.</summary>
public interface ILogSource
{
    Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct);

    /// <summary>
    /// Entries from <paramref name="start"/> to <paramref name="end"/> inclusive, in order, in
    /// batches. The consumer owns each batch it receives and disposes it when done.
    /// </summary>
    IAsyncEnumerable<EntryBatch> EntriesAsync(long start, long end, CancellationToken ct);

    Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct);
}

/// <summary>A log whose stored form cannot be read from <see cref="Index"/> on: the log is corrupt there.</summary>
public sealed class MalformedLogException(long index, string message, Exception? inner = null) : IOException(message, inner)
{
    public long Index { get; } = index;
}

/// <summary>
/// A run of entries as a verifier receives them, each with the leaf hash the log says it committed
/// (if it says). Inputs lie end to end in one pooled buffer, so reading a million entries does not
/// make a million arrays; each is preceded by the 0x00 byte of its leaf hash's preimage, so a leaf
/// hash is one contiguous SHA-256.
/// </summary>
public sealed class EntryBatch : IDisposable
{
    public const int DefaultCapacity = 4096;

    private readonly long[] _indices;
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly byte[] _committed;
    private readonly bool[] _hasCommitted;
    private byte[] _data;
    private int _used;
    private long _bytes;

    public EntryBatch(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _indices = ArrayPool<long>.Shared.Rent(capacity);
        _starts = ArrayPool<int>.Shared.Rent(capacity);
        _ends = ArrayPool<int>.Shared.Rent(capacity);
        _hasCommitted = ArrayPool<bool>.Shared.Rent(capacity);
        _committed = ArrayPool<byte>.Shared.Rent(capacity * Merkle.HashSize);
        _data = ArrayPool<byte>.Shared.Rent(capacity * 320);
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The total size of the inputs.</summary>
    public long Bytes => _bytes;

    /// <summary>Adds an entry; an empty <paramref name="committedLeafHash"/> means the source did not say.</summary>
    public void Add(long index, ReadOnlySpan<byte> input, ReadOnlySpan<byte> committedLeafHash)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The batch is full.");
        }
        if (committedLeafHash.Length is not (0 or Merkle.HashSize))
        {
            throw new InvalidDataException($"A leaf hash is {Merkle.HashSize} bytes, not {committedLeafHash.Length}.");
        }
        var start = Reserve(1 + input.Length);
        _data[start] = 0x00;
        input.CopyTo(_data.AsSpan(start + 1));
        _indices[Count] = index;
        _starts[Count] = start;
        _ends[Count] = start + 1 + input.Length;
        _hasCommitted[Count] = committedLeafHash.Length > 0;
        committedLeafHash.CopyTo(_committed.AsSpan(Count * Merkle.HashSize));
        _bytes += input.Length;
        Count++;
    }

    /// <summary>
    /// Adds the entries of an <see cref="EntryBundle"/> (whose first entry has index
    /// <paramref name="firstIndex"/>) that lie in [start, end], copying the bundle once: the low
    /// byte of each entry's length becomes the 0x00 before it.
    /// </summary>
    public void AddBundle(long firstIndex, ReadOnlySpan<byte> bundle, List<(int Offset, int Length)> entries, long start, long end)
    {
        if (Count + entries.Count > Capacity)
        {
            throw new InvalidOperationException("The batch has no room for the bundle.");
        }
        var at = Reserve(bundle.Length);
        bundle.CopyTo(_data.AsSpan(at));
        for (var k = 0; k < entries.Count; k++)
        {
            var index = firstIndex + k;
            if (index < start || index > end)
            {
                continue;
            }
            var (offset, length) = entries[k];
            _data[at + offset - 1] = 0x00;
            _indices[Count] = index;
            _starts[Count] = at + offset - 1;
            _ends[Count] = at + offset + length;
            _hasCommitted[Count] = false;
            _bytes += length;
            Count++;
        }
    }

    private int Reserve(int length)
    {
        var start = _used;
        if (start + length > _data.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, start + length));
            _data.AsSpan(0, start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = larger;
        }
        _used = start + length;
        return start;
    }

    public long IndexAt(int i) => _indices[Checked(i)];

    public ReadOnlySpan<byte> InputAt(int i) => LeafPreimageAt(i)[1..];

    /// <summary>0x00 ‖ the input: what the leaf hash is the SHA-256 of.</summary>
    public ReadOnlySpan<byte> LeafPreimageAt(int i) => _data.AsSpan(_starts[Checked(i)], _ends[i] - _starts[i]);

    /// <summary>The leaf hash the log says it committed for entry <paramref name="i"/>, or empty.</summary>
    public ReadOnlySpan<byte> CommittedLeafHashAt(int i) =>
        _hasCommitted[Checked(i)] ? _committed.AsSpan(i * Merkle.HashSize, Merkle.HashSize) : [];

    public void Dispose()
    {
        if (Count < 0)
        {
            return;
        }
        Count = -1;
        ArrayPool<long>.Shared.Return(_indices);
        ArrayPool<int>.Shared.Return(_starts);
        ArrayPool<int>.Shared.Return(_ends);
        ArrayPool<bool>.Shared.Return(_hasCommitted);
        ArrayPool<byte>.Shared.Return(_committed);
        ArrayPool<byte>.Shared.Return(_data);
    }

    private int Checked(int i) => (uint)i < (uint)Count ? i : throw new ArgumentOutOfRangeException(nameof(i));
}
