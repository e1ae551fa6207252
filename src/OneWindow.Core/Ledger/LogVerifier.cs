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
    private const int ChunkSize = 8192;

    public static async Task<VerificationReport> VerifyAsync(ILogSource source, byte[] logPublicKey, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var head = await source.TreeHeadAsync(ct);
        if (!new TreeHead(head.TreeSize, head.Timestamp, head.RootHash).Verify(logPublicKey, head.TreeHeadSignature))
        {
            return new VerificationReport(false, head.TreeSize, null, "the signed tree head's signature does not verify with the log's public key", 0, 0, clock.Elapsed);
        }
        var leafHashes = new List<byte[]>((int)Math.Min(head.TreeSize, 1 << 24));
        var frontier = new Frontier();
        long bytes = 0;
        long? firstBad = null;
        var expected = 0L;
        if (head.TreeSize > 0)
        {
            // Entries arrive in order; leaf hashes of each chunk are computed on all cores, then
            // folded into the tree in order.
            var chunk = new List<SourceEntry>(ChunkSize);
            var hashes = new byte[ChunkSize][];
            string? gap = null;
            void Fold()
            {
                Parallel.For(0, chunk.Count, i => hashes[i] = Merkle.LeafHash(chunk[i].Input));
                for (var i = 0; i < chunk.Count && gap is null; i++)
                {
                    var entry = chunk[i];
                    if (entry.Index != expected)
                    {
                        gap = $"the log skipped or repeated entries: expected index {expected}, got {entry.Index}";
                        return;
                    }
                    if (firstBad is null && entry.CommittedLeafHash is { } committed && !committed.AsSpan().SequenceEqual(hashes[i]))
                    {
                        firstBad = entry.Index;
                    }
                    leafHashes.Add(hashes[i]);
                    frontier.Append(hashes[i], null);
                    bytes += entry.Input.Length;
                    expected++;
                }
                chunk.Clear();
            }
            await foreach (var entry in source.EntriesAsync(0, head.TreeSize - 1, ct))
            {
                chunk.Add(entry);
                if (chunk.Count == ChunkSize)
                {
                    Fold();
                }
                if (gap is not null)
                {
                    break;
                }
            }
            if (gap is null)
            {
                Fold();
            }
            if (gap is not null)
            {
                return new VerificationReport(false, head.TreeSize, expected, gap, expected, bytes, clock.Elapsed);
            }
        }
        if (expected != head.TreeSize)
        {
            return new VerificationReport(false, head.TreeSize, expected, $"the log served {expected} entries but its tree head says {head.TreeSize}", expected, bytes, clock.Elapsed);
        }
        var root = frontier.Root();
        var elapsed = clock.Elapsed;
        if (firstBad is null && root.AsSpan().SequenceEqual(head.RootHash))
        {
            return new VerificationReport(true, head.TreeSize, null, $"all {head.TreeSize} entries recompute to the signed root", expected, bytes, elapsed);
        }
        firstBad ??= await FindFirstInconsistentAsync(source, leafHashes, head, ct);
        return new VerificationReport(false, head.TreeSize, firstBad, $"entry {firstBad} does not match what the log signed", expected, bytes, elapsed);
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
        for (var i = 0; i < size; i++)
        {
            frontier.Append(leafHashes[i], null);
        }
        return frontier.Root();
    }
}
