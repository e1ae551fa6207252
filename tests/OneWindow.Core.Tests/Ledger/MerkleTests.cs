using System.Security.Cryptography;
using System.Text;
using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

/// <summary>Checks the log's Merkle code against a direct transcription of RFC 9162 §2.1's recursive definitions.</summary>
public sealed class MerkleTests
{
    private static byte[] Leaf(int i) => Encoding.UTF8.GetBytes($"leaf-{i}");

    // --- The reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1 written literally over lists of leaf inputs.
    internal static byte[] Mth(List<byte[]> d)
    {
        if (d.Count == 0)
        {
            return SHA256.HashData([]);
        }
        if (d.Count == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }
        var k = 1;
        while (k * 2 < d.Count)
        {
            k *= 2;
        }
        return SHA256.HashData([0x01, .. Mth(d[..k]), .. Mth(d[k..])]);
    }

    private static List<byte[]> Path(int m, List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return [];
        }
        var k = 1;
        while (k * 2 < d.Count)
        {
            k *= 2;
        }
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    private static List<byte[]> SubProof(int m, List<byte[]> d, bool b)
    {
        if (m == d.Count)
        {
            return b ? [] : [Mth(d)];
        }
        var k = 1;
        while (k * 2 < d.Count)
        {
            k *= 2;
        }
        return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }

    // --- The implementation under test, fed from the nodes a Frontier completes (as the log stores them).
    private sealed class Tree
    {
        private readonly Dictionary<(int, long), byte[]> _nodes = [];
        private readonly Frontier _frontier = new();

        public Tree(int size)
        {
            var completed = new List<CompletedNode>();
            for (var i = 0; i < size; i++)
            {
                var hash = Merkle.LeafHash(Leaf(i));
                _nodes[(0, i)] = hash;
                _frontier.Append(hash, completed);
            }
            foreach (var node in completed)
            {
                _nodes[(node.Level, node.Index)] = node.Hash;
            }
        }

        public byte[] Root => _frontier.Root();

        public byte[] Stored(int level, long index) => _nodes[(level, index)];

        public List<byte[]> Hashes(List<(long Start, long Size)> ranges) => [.. ranges.Select(r => Merkle.SubtreeHash(r.Start, r.Size, Stored))];
    }

    public static TheoryData<int> Sizes() => [.. Enumerable.Range(1, 64)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Root_matches_the_rfc_definition(int n)
    {
        var leaves = Enumerable.Range(0, n).Select(Leaf).ToList();
        var tree = new Tree(n);

        Assert.Equal(Mth(leaves), tree.Root);
        Assert.Equal(Mth(leaves), Merkle.SubtreeHash(0, n, tree.Stored));
        Assert.Equal(Mth(leaves), Frontier.Deserialize(SerializedFrontier(n)).Root());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_inclusion_proof_matches_the_rfc_and_verifies(int n)
    {
        var leaves = Enumerable.Range(0, n).Select(Leaf).ToList();
        var tree = new Tree(n);
        var root = Mth(leaves);
        for (var m = 0; m < n; m++)
        {
            var proof = tree.Hashes(Merkle.InclusionRanges(m, n));

            Assert.Equal(Path(m, leaves), proof);
            Assert.True(Merkle.VerifyInclusion(m, n, Merkle.LeafHash(leaves[m]), proof, root));
            Assert.False(Merkle.VerifyInclusion(m, n, Merkle.LeafHash(Leaf(1000)), proof, root));
            if (proof.Count > 0)
            {
                var tampered = proof.Select(p => (byte[])p.Clone()).ToList();
                tampered[^1][0] ^= 1;
                Assert.False(Merkle.VerifyInclusion(m, n, Merkle.LeafHash(leaves[m]), tampered, root));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_consistency_proof_matches_the_rfc_and_verifies(int n)
    {
        var leaves = Enumerable.Range(0, n).Select(Leaf).ToList();
        var tree = new Tree(n);
        var root = Mth(leaves);
        for (var m = 1; m <= n; m++)
        {
            var oldRoot = Mth(leaves[..m]);
            var proof = tree.Hashes(Merkle.ConsistencyRanges(m, n));

            Assert.Equal(SubProof(m, leaves, true), proof);
            Assert.True(Merkle.VerifyConsistency(m, n, oldRoot, root, proof), $"{m} → {n}");
            var forked = Mth([.. leaves[..(m - 1)], Leaf(999)]);
            Assert.False(Merkle.VerifyConsistency(m, n, forked, root, proof), $"forked {m} → {n}");
        }
    }

    [Fact]
    public void Decompose_covers_a_range_with_aligned_complete_subtrees()
    {
        Assert.Equal([(2, 0L), (1, 2L), (0, 6L)], Merkle.Decompose(0, 7));
        Assert.Equal([(1, 2L), (0, 6L)], Merkle.Decompose(4, 3));
        Assert.Equal([(0, 5L), (1, 3L)], Merkle.Decompose(5, 3));
    }

    [Fact]
    public void The_frontier_survives_serialization()
    {
        var frontier = Frontier.Deserialize(SerializedFrontier(45));
        frontier.Append(Merkle.LeafHash(Leaf(45)), null);

        Assert.Equal(Mth(Enumerable.Range(0, 46).Select(Leaf).ToList()), frontier.Root());
    }

    private static byte[] SerializedFrontier(int n)
    {
        var frontier = new Frontier();
        for (var i = 0; i < n; i++)
        {
            frontier.Append(Merkle.LeafHash(Leaf(i)), null);
        }
        return frontier.Serialize();
    }
}
