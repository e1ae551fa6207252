using System.Diagnostics;

namespace OneWindow.Ledger;

/// <summary>The outcome of recomputing a whole log.</summary>
public sealed record VerificationReport(bool Valid, long TreeSize, long? FirstBadIndex, string Message, long Entries, long Bytes, TimeSpan Elapsed)
{
    public double EntriesPerSecond => Elapsed.TotalSeconds > 0 ? Entries / Elapsed.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Downloads every entry, recomputes the RFC 9162 tree, and compares it with the signed tree head.
/// On a mismatch it names the first bad index: the first entry whose hash differs from the one the
/// log committed, or else — found by binary search over consistency proofs — the first leaf after
/// which the recomputed prefix is no longer consistent with the signed root.
/// </summary>
public static class LogVerifier
{
    public static async Task<VerificationReport> VerifyAsync(ILogSource source, byte[] logPublicKey, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var head = await source.TreeHeadAsync(ct);
        if (!new TreeHead(head.TreeSize, head.Timestamp, head.RootHash).Verify(logPublicKey, head.TreeHeadSignature))
        {
            return new VerificationReport(false, head.TreeSize, null, "the signed tree head's signature does not verify with the log's public key", 0, 0, clock.Elapsed);
        }
        var fold = new Fold();
        if (head.TreeSize > 0)
        {
            // Batches are hashed on all cores while the next ones are read, and folded into the
            // tree in order as their hashing finishes.
            var hashing = new Queue<Task<HashedBatch>>();
            try
            {
                var next = 0L;
                await foreach (var batch in source.EntriesAsync(0, head.TreeSize - 1, ct))
                {
                    var first = next;
                    next += batch.Count;
                    hashing.Enqueue(Task.Run(() => HashedBatch.Of(batch, first), ct));
                    while (hashing.Count > Environment.ProcessorCount && fold.Gap is null)
                    {
                        fold.Add(await hashing.Dequeue());
                    }
                    if (fold.Gap is not null)
                    {
                        break;
                    }
                }
            }
            catch (MalformedLogException ex)
            {
                return new VerificationReport(false, head.TreeSize, ex.Index, ex.Message, fold.Size, fold.Bytes, clock.Elapsed);
            }
            finally
            {
                while (hashing.Count > 0)
                {
                    var hashed = await hashing.Dequeue();
                    if (fold.Gap is null)
                    {
                        fold.Add(hashed);
                    }
                }
            }
            if (fold.Gap is not null)
            {
                return new VerificationReport(false, head.TreeSize, fold.Size, fold.Gap, fold.Size, fold.Bytes, clock.Elapsed);
            }
        }
        if (fold.Size != head.TreeSize)
        {
            return new VerificationReport(false, head.TreeSize, fold.Size, $"the log served {fold.Size} entries but its tree head says {head.TreeSize}", fold.Size, fold.Bytes, clock.Elapsed);
        }
        var root = fold.Frontier.Root();
        var elapsed = clock.Elapsed;
        if (fold.FirstBad is null && root.AsSpan().SequenceEqual(head.RootHash))
        {
            return new VerificationReport(true, head.TreeSize, null, $"all {head.TreeSize} entries recompute to the signed root", fold.Size, fold.Bytes, elapsed);
        }
        var firstBad = fold.FirstBad ?? await FindFirstInconsistentAsync(source, fold.Snapshots, head, ct);
        return new VerificationReport(false, head.TreeSize, firstBad, $"entry {firstBad} does not match what the log signed", fold.Size, fold.Bytes, elapsed);
    }

    /// <summary>
    /// One batch hashed on its own: its leaf hashes, the roots of the aligned complete subtrees it
    /// covers, and what it found wrong. A batch that skips an index is cut at the skip.
    /// </summary>
    private sealed record HashedBatch(long First, List<(int Level, byte[] Root)> Subtrees, long Bytes, long? FirstBad, string? Gap)
    {
        public static HashedBatch Of(EntryBatch batch, long first)
        {
            using (batch)
            {
                var count = batch.Count;
                string? gap = null;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (batch.IndexAt(i) != first + i)
                    {
                        gap = $"the log skipped or repeated entries: expected index {first + i}, got {batch.IndexAt(i)}";
                        count = i;
                        break;
                    }
                }
                var hashes = System.Buffers.ArrayPool<byte>.Shared.Rent(count * Merkle.HashSize);
                long bytes = 0;
                for (var i = 0; i < count; i++)
                {
                    var preimage = batch.LeafPreimageAt(i);
                    Sha256.Hash(preimage, hashes.AsSpan(i * Merkle.HashSize, Merkle.HashSize));
                    bytes += preimage.Length - 1;
                }
                long? firstBad = null;
                for (var i = 0; i < count && firstBad is null; i++)
                {
                    var committed = batch.CommittedLeafHashAt(i);
                    if (!committed.IsEmpty && !committed.SequenceEqual(hashes.AsSpan(i * Merkle.HashSize, Merkle.HashSize)))
                    {
                        firstBad = first + i;
                    }
                }
                var subtrees = new List<(int, byte[])>();
                foreach (var (level, index) in Merkle.Decompose(first, count))
                {
                    subtrees.Add((level, SubtreeRoot(hashes, (int)((index << level) - first), level)));
                }
                System.Buffers.ArrayPool<byte>.Shared.Return(hashes);
                return new HashedBatch(first, subtrees, bytes, firstBad, gap);
            }
        }

        /// <summary>The root of the 2^level leaf hashes starting at <paramref name="offset"/>.</summary>
        private static byte[] SubtreeRoot(byte[] hashes, int offset, int level)
        {
            var count = 1 << level;
            var length = count * Merkle.HashSize;
            var nodes = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            hashes.AsSpan(offset * Merkle.HashSize, length).CopyTo(nodes);
            for (var width = count; width > 1; width /= 2)
            {
                for (var j = 0; j < width / 2; j++)
                {
                    var pair = nodes.AsSpan(2 * j * Merkle.HashSize, 2 * Merkle.HashSize);
                    Merkle.NodeHash(pair[..Merkle.HashSize], pair[Merkle.HashSize..], nodes.AsSpan(j * Merkle.HashSize, Merkle.HashSize));
                }
            }
            var root = nodes[..Merkle.HashSize];
            System.Buffers.ArrayPool<byte>.Shared.Return(nodes);
            return root;
        }
    }

    /// <summary>The tree recomputed so far, fed hashed batches in order.</summary>
    private sealed class Fold
    {
        public Frontier Frontier { get; } = new();

        /// <summary>The right edge after each batch, kept to locate a mismatch without keeping every leaf hash.</summary>
        public List<Frontier> Snapshots { get; } = [new Frontier()];

        public long Size => Frontier.Size;

        public long Bytes { get; private set; }

        public long? FirstBad { get; private set; }

        public string? Gap { get; private set; }

        public void Add(HashedBatch batch)
        {
            if (batch.First != Size)
            {
                throw new InvalidOperationException($"Batch at {batch.First} folded after {Size} leaves.");
            }
            foreach (var (level, root) in batch.Subtrees)
            {
                Frontier.AppendSubtree(level, root);
            }
            Snapshots.Add(Frontier.Clone());
            Bytes += batch.Bytes;
            FirstBad ??= batch.FirstBad;
            Gap = batch.Gap;
        }
    }

    /// <summary>
    /// Binary search for the longest prefix of our recomputed leaves that the log's own hashes agree
    /// with. For a prefix size that is not a power of two the consistency proof reconstructs the
    /// prefix root from the log's stored subtrees, which we compare with ours (this stays right even
    /// when the tamperer also rewrote the stored leaf hash); for a power of two it cannot, so we check
    /// that our prefix root and the proof lead to the signed root.
    /// </summary>
    private static async Task<long> FindFirstInconsistentAsync(ILogSource source, List<Frontier> snapshots, SignedTreeHead head, CancellationToken ct)
    {
        long good = 0;
        long bad = head.TreeSize;
        while (bad - good > 1)
        {
            var k = good + ((bad - good) / 2);
            var proof = await source.ConsistencyAsync(k, head.TreeSize, ct);
            var ours = await PrefixRootAsync(source, snapshots, k, ct);
            var agrees = System.Numerics.BitOperations.IsPow2((ulong)k)
                ? Merkle.VerifyConsistency(k, head.TreeSize, ours, head.RootHash, proof)
                : Merkle.PrefixRootFromProof(k, head.TreeSize, proof) is { } theirs && theirs.AsSpan().SequenceEqual(ours);
            if (agrees)
            {
                good = k;
            }
            else
            {
                bad = k;
            }
        }
        return good; // leaves 0..good-1 are consistent; leaf `good` is the first that is not
    }

    /// <summary>Our root of the first <paramref name="size"/> leaves: the nearest snapshot, plus the entries after it read again.</summary>
    private static async Task<byte[]> PrefixRootAsync(ILogSource source, List<Frontier> snapshots, long size, CancellationToken ct)
    {
        // Snapshots are in increasing size from 0: find the last one not beyond the prefix.
        var (low, high) = (0, snapshots.Count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            (low, high) = snapshots[middle].Size <= size ? (middle, high) : (low, middle - 1);
        }
        var frontier = snapshots[low].Clone();
        if (frontier.Size < size)
        {
            await foreach (var batch in source.EntriesAsync(frontier.Size, size - 1, ct))
            {
                using (batch)
                {
                    for (var i = 0; i < batch.Count && frontier.Size < size; i++)
                    {
                        frontier.Append(Merkle.LeafHash(batch.InputAt(i)), null);
                    }
                }
            }
        }
        return frontier.Root();
    }
}
