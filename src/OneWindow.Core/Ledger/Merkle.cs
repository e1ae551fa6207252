using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace OneWindow.Ledger;

/// <summary>
/// The Merkle Tree Hash of RFC 9162 §2.1 for trees of any size, and its inclusion and consistency
/// proofs (§2.1.3, §2.1.4). Pure: hashes of complete aligned subtrees come from a lookup, so a proof
/// needs O(log n) stored hashes and no rehashing of the log.
/// </summary>
public static class Merkle
{
    public const int HashSize = 32;

    /// <summary>SHA-256(0x00 ‖ leaf input).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leafInput)
    {
        var hash = new byte[HashSize];
        LeafHash(leafInput, hash);
        return hash;
    }

    public static void LeafHash(ReadOnlySpan<byte> leafInput, Span<byte> destination) => Sha256.Hash(0x00, leafInput, destination);

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        NodeHash(left, right, hash);
        return hash;
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right) into <paramref name="destination"/>, which may overlap the inputs.</summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination) =>
        Sha256.Hash(0x01, left, right, destination);

    /// <summary>The hash of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n ≥ 2).</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>
    /// The complete aligned subtrees that make up the leaves [start, start + size), largest first,
    /// as (level, index): level k covers 2^k leaves, index = first leaf / 2^k.
    /// </summary>
    public static IEnumerable<(int Level, long Index)> Decompose(long start, long size)
    {
        while (size > 0)
        {
            // The largest power of two that fits in the size and keeps alignment at start.
            var level = 63 - BitOperations.LeadingZeroCount((ulong)size);
            if (start != 0)
            {
                level = Math.Min(level, BitOperations.TrailingZeroCount(start));
            }
            yield return (level, start >> level);
            start += 1L << level;
            size -= 1L << level;
        }
    }

    /// <summary>The stored hashes needed to compute MTH(D[start:start+size]) when start is aligned to the split structure.</summary>
    public static byte[] SubtreeHash(long start, long size, Func<int, long, byte[]> stored)
    {
        if (size == 0)
        {
            return EmptyRoot();
        }
        if (BitOperations.IsPow2(size) && (start & (size - 1)) == 0)
        {
            return stored(BitOperations.Log2((ulong)size), start / size);
        }
        var k = SplitPoint(size);
        return NodeHash(SubtreeHash(start, k, stored), SubtreeHash(start + k, size - k, stored));
    }

    /// <summary>Subtree ranges whose hashes form the inclusion proof of leaf m in a tree of size n (RFC 9162 PATH), leaf-side first.</summary>
    public static List<(long Start, long Size)> InclusionRanges(long m, long n)
    {
        if (n < 1 || m < 0 || m >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"leaf {m} is not in a tree of size {n}");
        }
        var ranges = new List<(long, long)>();
        long start = 0;
        while (n > 1)
        {
            var k = SplitPoint(n);
            if (m < k)
            {
                ranges.Add((start + k, n - k));
                n = k;
            }
            else
            {
                ranges.Add((start, k));
                start += k;
                m -= k;
                n -= k;
            }
        }
        ranges.Reverse();
        return ranges;
    }

    /// <summary>Subtree ranges whose hashes form the consistency proof between sizes m and n (RFC 9162 PROOF/SUBPROOF).</summary>
    public static List<(long Start, long Size)> ConsistencyRanges(long m, long n)
    {
        if (m < 1 || m > n)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"no consistency proof from {m} to {n}");
        }
        var ranges = new List<(long, long)>();
        SubProof(m, 0, n, true, ranges);
        return ranges;
    }

    private static void SubProof(long m, long start, long n, bool b, List<(long, long)> ranges)
    {
        if (m == n)
        {
            if (!b)
            {
                ranges.Add((start, n));
            }
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, k, b, ranges);
            ranges.Add((start + k, n - k));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, ranges);
            ranges.Add((start, k));
        }
    }

    /// <summary>RFC 9162 §2.1.3.2: checks an inclusion proof of a leaf hash against a root.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash.Length != HashSize)
        {
            return false;
        }
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != HashSize)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>RFC 9162 §2.1.4.2: checks a consistency proof between two roots.</summary>
    public static bool VerifyConsistency(long firstSize, long secondSize, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (firstSize < 1 || firstSize > secondSize)
        {
            return false;
        }
        if (firstSize == secondSize)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }
        return ConsistencyRoots(firstSize, secondSize, firstRoot.ToArray(), proof) is var (fr, sr)
            && CryptographicOperations.FixedTimeEquals(fr, firstRoot) && CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }

    /// <summary>
    /// The first tree's root as a consistency proof reconstructs it from the log's own hashes, or null
    /// when the proof cannot say (first size a power of two, where the verifier supplies that root).
    /// </summary>
    public static byte[]? PrefixRootFromProof(long firstSize, long secondSize, IReadOnlyList<byte[]> proof) =>
        firstSize < secondSize && !BitOperations.IsPow2((ulong)firstSize) && ConsistencyRoots(firstSize, secondSize, null, proof) is var (fr, _) ? fr : null;

    /// <summary>Steps 2–6 of RFC 9162 §2.1.4.2: the (first, second) roots a proof implies; null if malformed.</summary>
    private static (byte[] First, byte[] Second)? ConsistencyRoots(long firstSize, long secondSize, byte[]? firstRoot, IReadOnlyList<byte[]> proof)
    {
        if (proof.Count == 0 || proof.Any(p => p.Length != HashSize))
        {
            return null;
        }
        var path = new List<byte[]>(proof);
        if (BitOperations.IsPow2((ulong)firstSize))
        {
            if (firstRoot is null)
            {
                return null;
            }
            path.Insert(0, firstRoot);
        }
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? (fr, sr) : null;
    }

    /// <summary>Encodes a big-endian unsigned 64-bit value.</summary>
    internal static void WriteUInt64(Span<byte> destination, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(destination, value);
}
