using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

/// <summary>
/// The whole-log verifier against logs held in memory: the signed root comes from the literal
/// RFC 9162 transcription in <see cref="MerkleTests"/>, and the source hands entries over in
/// batches of varying sizes, so the verifier's aligned pieces, pipelining and folding are all exercised.
/// </summary>
public sealed class LogVerifierTests
{
    private static readonly Ed25519.KeyPair s_key = Ed25519.Generate();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(64, 7)]
    [InlineData(255, 256)]
    [InlineData(257, 100)]
    [InlineData(1000, 333)]
    [InlineData(5000, 4096)]
    [InlineData(9000, 1024)]
    [InlineData(10_000, 10_000)]
    public async Task A_faithful_log_verifies_whatever_the_batch_sizes(int size, int batch)
    {
        var log = new MemoryLog(Leaves(size), batch);

        var report = await LogVerifier.VerifyAsync(log, s_key.PublicKey, default);

        Assert.True(report.Valid, report.Message);
        Assert.Equal(size, report.Entries);
        Assert.Equal(log.Leaves.Sum(l => (long)l.Length), report.Bytes);
    }

    [Fact]
    public async Task Every_size_up_to_300_verifies_in_odd_batches()
    {
        for (var size = 1; size <= 300; size++)
        {
            var report = await LogVerifier.VerifyAsync(new MemoryLog(Leaves(size), 1 + (size % 37)), s_key.PublicKey, default);
            Assert.True(report.Valid, $"size {size}: {report.Message}");
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4097, true)]
    [InlineData(6999, true)]
    [InlineData(3, false)]
    [InlineData(5555, false)]
    public async Task A_changed_entry_is_named_with_or_without_the_logs_own_leaf_hashes(int bad, bool committed)
    {
        var leaves = Leaves(7000);
        var log = new MemoryLog(leaves, 1000) { Committed = committed };
        log.Served[bad] = Encoding.UTF8.GetBytes("forged");

        var report = await LogVerifier.VerifyAsync(log, s_key.PublicKey, default);

        Assert.False(report.Valid);
        Assert.Equal(bad, report.FirstBadIndex);
    }

    [Fact]
    public async Task A_skipped_entry_is_reported_at_its_index()
    {
        var log = new MemoryLog(Leaves(3000), 512) { Skip = 1234 };

        var report = await LogVerifier.VerifyAsync(log, s_key.PublicKey, default);

        Assert.False(report.Valid);
        Assert.Equal(1234, report.FirstBadIndex);
        Assert.Contains("expected index 1234, got 1235", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_signed_by_another_key_is_refused()
    {
        var report = await LogVerifier.VerifyAsync(new MemoryLog(Leaves(10), 4), Ed25519.Generate().PublicKey, default);

        Assert.False(report.Valid);
        Assert.Contains("signature", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fast_hash_equals_the_platform_sha256()
    {
        Assert.Equal(OperatingSystem.IsLinux(), Sha256.UsesLibcrypto);
        var random = new Random(7);
        var output = new byte[32];
        for (var length = 0; length < 2100; length += 1 + (length / 8))
        {
            var data = new byte[length];
            random.NextBytes(data);
            var split = random.Next(length + 1);
            Sha256.Hash(0x5a, data.AsSpan(0, split), data.AsSpan(split), output);
            Assert.Equal(SHA256.HashData([0x5a, .. data]), output);
        }
    }

    [Fact]
    public void A_subtree_appended_whole_equals_its_leaves_appended_one_by_one()
    {
        var leaves = Leaves(1000).Select(l => Merkle.LeafHash(l)).ToList();
        var byLeaf = new Frontier();
        leaves.ForEach(h => byLeaf.Append(h, null));

        var bySubtree = new Frontier();
        bySubtree.AppendSubtree(9, MerkleTests.Mth(Leaves(1000)[..512]));
        bySubtree.AppendSubtree(8, MerkleTests.Mth(Leaves(1000)[512..768]));
        leaves[768..].ForEach(h => bySubtree.Append(h, null));

        Assert.Equal(byLeaf.Root(), bySubtree.Root());
        Assert.Throws<InvalidOperationException>(() => bySubtree.AppendSubtree(4, new byte[32]));
    }

    private static List<byte[]> Leaves(int n) => [.. Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes($"{{\"entry\":{i},\"pad\":\"{new string('x', i % 300)}\"}}"))];

    /// <summary>A log in memory that signs the RFC root of its true leaves and serves <see cref="Served"/>.</summary>
    private sealed class MemoryLog(List<byte[]> leaves, int batchSize) : ILogSource
    {
        public List<byte[]> Leaves { get; } = leaves;

        public List<byte[]> Served { get; } = [.. leaves];

        public bool Committed { get; init; } = true;

        public int? Skip { get; init; }

        public Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct)
        {
            var head = new TreeHead(Leaves.Count, 1_790_000_000_000, MerkleTests.Mth(Leaves));
            using var signer = new Ed25519.Signer(s_key.PrivateKey);
            return Task.FromResult(new SignedTreeHead(head.TreeSize, head.Timestamp, head.RootHash, head.Sign(signer)));
        }

        public async IAsyncEnumerable<EntryBatch> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
        {
            var batch = new EntryBatch(batchSize);
            for (var i = (int)start; i <= end; i++)
            {
                if (i == Skip)
                {
                    continue;
                }
                batch.Add(i, Served[i], Committed ? Merkle.LeafHash(Leaves[i]) : []);
                if (batch.IsFull)
                {
                    await Task.Yield();
                    yield return batch;
                    batch = new EntryBatch(batchSize);
                }
            }
            yield return batch;
        }

        public Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<byte[]>>([.. Merkle.ConsistencyRanges(first, second).Select(r => MerkleTests.Mth(Leaves[(int)r.Start..(int)(r.Start + r.Size)]))]);
    }
}
