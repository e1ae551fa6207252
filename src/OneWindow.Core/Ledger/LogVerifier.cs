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
    /// <summary>Leaves are hashed and reduced in aligned pieces of up to 2^PieceLevel, on all cores.</summary>
    private const int PieceLevel = 8;

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
            // Reading and hashing overlap: while one batch is hashed (on all cores) the next is read.
            var hashing = Task.CompletedTask;
            await foreach (var batch in source.EntriesAsync(0, head.TreeSize - 1, ct))
            {
                await hashing;
                if (fold.Gap is not null)
                {
                    batch.Dispose();
                    break;
                }
                hashing = Task.Run(() =>
                {
                    using (batch)
                    {
                        fold.Add(batch);
                    }
                }, ct);
            }
            await hashing;
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
        var firstBad = fold.FirstBad ?? await FindFirstInconsistentAsync(source, fold.LeafHashes, head, ct);
        return new VerificationReport(false, head.TreeSize, firstBad, $"entry {firstBad} does not match what the log signed", fold.Size, fold.Bytes, elapsed);
    }

    /// <summary>The tree recomputed so far, fed one batch at a time in order.</summary>
    private sealed class Fold
    {
        public Frontier Frontier { get; } = new();

        /// <summary>Every leaf hash, one array per batch, kept to locate a mismatch.</summary>
        public List<byte[]> LeafHashes { get; } = [];

        public long Size => Frontier.Size;

        public long Bytes { get; private set; }

        public long? FirstBad { get; private set; }

        public string? Gap { get; private set; }

        public void Add(EntryBatch batch)
        {
            var first = Size;
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch.IndexAt(i) != first + i)
                {
                    Gap = $"the log skipped or repeated entries: expected index {first + i}, got {batch.IndexAt(i)}";
                    for (var j = 0; j < i; j++)
                    {
                        Frontier.Append(Merkle.LeafHash(batch.InputAt(j)), null);
                    }
                    return;
                }
            }
            var pieces = Pieces(first, batch.Count);
            var hashes = new byte[batch.Count * Merkle.HashSize];
            var roots = new byte[pieces.Count][];
            Parallel.For(0, pieces.Count, p => roots[p] = HashPiece(batch, hashes, (int)(pieces[p].Start - first), pieces[p].Level));
            for (var i = 0; i < batch.Count && FirstBad is null; i++)
            {
                var committed = batch.CommittedLeafHashAt(i);
                if (!committed.IsEmpty && !committed.SequenceEqual(hashes.AsSpan(i * Merkle.HashSize, Merkle.HashSize)))
                {
                    FirstBad = first + i;
                }
            }
            for (var p = 0; p < pieces.Count; p++)
            {
                Frontier.AppendSubtree(pieces[p].Level, roots[p]);
            }
            LeafHashes.Add(hashes);
            Bytes += batch.Bytes;
        }

        /// <summary>The aligned complete subtrees covering [start, start + count), none above PieceLevel.</summary>
        private static List<(long Start, int Level)> Pieces(long start, int count)
        {
            var pieces = new List<(long, int)>();
            foreach (var (level, index) in Merkle.Decompose(start, count))
            {
                var size = 1L << level;
                var step = Math.Min(level, PieceLevel);
                for (var s = index << level; s < (index << level) + size; s += 1L << step)
                {
                    pieces.Add((s, step));
                }
            }
            return pieces;
        }

        /// <summary>Hashes the piece's leaves into <paramref name="hashes"/> and returns the piece's root.</summary>
        private static byte[] HashPiece(EntryBatch batch, byte[] hashes, int offset, int level)
        {
            var count = 1 << level;
            for (var i = offset; i < offset + count; i++)
            {
                Sha256.Hash(batch.LeafPreimageAt(i), hashes.AsSpan(i * Merkle.HashSize, Merkle.HashSize));
            }
            var nodes = hashes.AsSpan(offset * Merkle.HashSize, count * Merkle.HashSize).ToArray();
            for (var width = count; width > 1; width /= 2)
            {
                for (var j = 0; j < width / 2; j++)
                {
                    var pair = nodes.AsSpan(2 * j * Merkle.HashSize, 2 * Merkle.HashSize);
                    Merkle.NodeHash(pair[..Merkle.HashSize], pair[Merkle.HashSize..], nodes.AsSpan(j * Merkle.HashSize, Merkle.HashSize));
                }
            }
            return nodes[..Merkle.HashSize];
        }
    }

    /// <summary>
    /// Binary search for the longest prefix of our recomputed leaves that the log's own hashes agree
    /// with. For a prefix size that is not a power of two the consistency proof reconstructs the
    /// prefix root from the log's stored subtrees, which we compare with ours (this stays right even
    /// when the tamperer also rewrote the stored leaf hash); for a power of two it cannot, so we check
    /// that our prefix root and the proof lead to the signed root.
    /// </summary>
    private static async Task<long> FindFirstInconsistentAsync(ILogSource source, List<byte[]> leafHashes, SignedTreeHead head, CancellationToken ct)
    {
        long good = 0;
        long bad = head.TreeSize;
        while (bad - good > 1)
        {
            var k = good + ((bad - good) / 2);
            var proof = await source.ConsistencyAsync(k, head.TreeSize, ct);
            var ours = PrefixRoot(leafHashes, k);
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

    private static byte[] PrefixRoot(List<byte[]> leafHashes, long size)
    {
        var frontier = new Frontier();
        foreach (var hashes in leafHashes)
        {
            for (var offset = 0; offset < hashes.Length && frontier.Size < size; offset += Merkle.HashSize)
            {
                frontier.Append(hashes[offset..(offset + Merkle.HashSize)], null);
            }
        }
        return frontier.Root();
    }
}
