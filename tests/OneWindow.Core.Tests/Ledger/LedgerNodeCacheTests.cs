using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

public sealed class LedgerNodeCacheTests
{
    private static byte[] Hash(int level, long index) => Merkle.LeafHash(BitConverter.GetBytes((level * 1_000_000L) + index));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1_000_000, 1)]
    [InlineData(10_000_000, 4)]
    [InlineData(100_000_000, 7)]
    public void The_lowest_cached_level_keeps_the_cache_within_its_budget(long size, int expected)
    {
        var cache = new LedgerNodeCache();

        Assert.True(cache.Initialize(size));
        Assert.False(cache.Initialize(size));
        Assert.Equal(expected, cache.MinLevel);
    }

    [Fact]
    public void Hashes_at_or_above_the_lowest_level_come_back_and_others_are_not_kept()
    {
        var cache = new LedgerNodeCache();
        Assert.False(cache.TryGet(3, 0, out _));
        cache.Initialize(10_000_000);

        cache.Add(3, 5, Hash(3, 5));
        foreach (var index in new long[] { 7, 0, 1000, 1, 100_000 })
        {
            cache.Add(4, index, Hash(4, index));
        }
        cache.Add(20, 2, Hash(20, 2));

        Assert.False(cache.TryGet(3, 5, out _));
        foreach (var index in new long[] { 7, 0, 1000, 1, 100_000 })
        {
            Assert.True(cache.TryGet(4, index, out var hash));
            Assert.Equal(Hash(4, index), hash);
        }
        Assert.False(cache.TryGet(4, 2, out _));
        Assert.False(cache.TryGet(4, 100_001, out _));
        Assert.True(cache.TryGet(20, 2, out var top));
        Assert.Equal(Hash(20, 2), top);
    }

    [Fact]
    public async Task Readers_never_see_a_half_written_hash_while_writers_add()
    {
        var cache = new LedgerNodeCache();
        cache.Initialize(0);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Run(() =>
        {
            for (long i = 0; i < 200_000 && !stop.IsCancellationRequested; i++)
            {
                cache.Add(1, i, Hash(1, i));
            }
        });
        var bad = 0;
        var reader = Task.Run(() =>
        {
            var random = new Random(5);
            while (!writer.IsCompleted)
            {
                var i = random.NextInt64(200_000);
                if (cache.TryGet(1, i, out var hash) && !hash.AsSpan().SequenceEqual(Hash(1, i)))
                {
                    bad++;
                }
            }
        });
        await Task.WhenAll(writer, reader);
        Assert.Equal(0, bad);
    }
}
