using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Identity;
using OneWindow.Storage;

namespace OneWindow.Core.Tests.Storage;

public sealed class TableCacheTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TableWatch _watch = new();

    private IOptions<CacheOptions> Options(TimeSpan? lifetime = null) =>
        Microsoft.Extensions.Options.Options.Create(new CacheOptions { TrustFor = lifetime ?? TimeSpan.FromSeconds(5), MaxEntries = 3 });

    private TableCache<Guid, string> Units(TimeSpan? lifetime = null) => new(_watch, "units", _clock, Options(lifetime));

    private static Account Staff(string stamp = "stamp-1") => new() { Id = Guid.NewGuid(), UserName = "clerk", SecurityStamp = stamp, Kind = AccountKind.Staff };

    [Fact]
    public void An_entry_is_trusted_until_its_table_changes_or_its_lifetime_ends()
    {
        var cache = Units();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        cache.Set(a, "村委会", cache.Version);
        cache.Set(b, "乡镇中心", cache.Version);

        Assert.True(cache.TryGet(a, out var name));
        Assert.Equal("村委会", name);

        _watch.Touch("seals"); // another table: no effect
        Assert.True(cache.TryGet(a, out _));
        _watch.Touch("units");
        Assert.False(cache.TryGet(a, out _));

        cache.Set(b, "乡镇中心", cache.Version);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(cache.TryGet(b, out _));
    }

    [Fact]
    public void An_entry_read_before_a_write_but_stored_after_it_is_never_used()
    {
        var cache = Units();
        var id = Guid.NewGuid();
        var before = cache.Version;

        _watch.Touch("units"); // a write committed while the row was being read
        cache.Set(id, "old name", before);

        Assert.False(cache.TryGet(id, out _));
    }

    [Fact]
    public void Nothing_is_trusted_while_suspended_with_a_zero_lifetime_or_after_an_unknown_table_changes()
    {
        var cache = Units();
        var id = Guid.NewGuid();
        _watch.Suspend();
        cache.Set(id, "x", cache.Version);
        Assert.False(cache.TryGet(id, out _));
        _watch.Resume();
        cache.Set(id, "x", cache.Version);
        Assert.True(cache.TryGet(id, out _));

        _watch.Touch(""); // a notification without a table: everything
        Assert.False(cache.TryGet(id, out _));

        var off = Units(TimeSpan.Zero);
        off.Set(id, "x", off.Version);
        Assert.False(off.TryGet(id, out _));
    }

    [Fact]
    public async Task Many_keys_are_read_once_each_until_their_table_changes()
    {
        var cache = Units();
        var (a, b, missing) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var asked = new List<List<Guid>>();
        Task<Dictionary<Guid, string>> Load(List<Guid> wanted)
        {
            asked.Add(wanted);
            return Task.FromResult(wanted.Where(k => k != missing).ToDictionary(k => k, k => k == a ? "甲" : "乙"));
        }

        var first = await cache.GetManyAsync([a, b, missing], Load);
        var second = await cache.GetManyAsync([a, b, missing], Load);
        _watch.Touch("units");
        await cache.GetManyAsync([a], Load);

        Assert.Equal(new Dictionary<Guid, string> { [a] = "甲", [b] = "乙" }, first);
        Assert.Equal(first, second);
        Assert.Equal([[a, b, missing], [missing], [a]], asked); // only what was not held; an unknown key is asked again
    }

    [Fact]
    public void A_full_cache_starts_over()
    {
        var cache = Units();
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            cache.Set(id, "x", cache.Version);
        }

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(ids[3], out _));
    }

    [Fact]
    public void Accounts_come_back_as_copies_the_caller_may_change()
    {
        var accounts = new AccountCache(_watch, _clock, Options());
        var account = Staff();
        accounts.Remember(account, accounts.Version);

        var found = accounts.Find(account.Id)!;
        Assert.NotSame(account, found);
        found.SecurityStamp = "changed by the caller";
        account.SecurityStamp = "changed after it was remembered";

        Assert.Equal("stamp-1", accounts.Find(account.Id)!.SecurityStamp);
        _watch.Touch("AspNetUsers");
        Assert.Null(accounts.Find(account.Id));
    }

    [Theory]
    [InlineData("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = @p0 WHERE \"Id\" = @p1 AND \"ConcurrencyStamp\" = @p2 RETURNING 1;", "AspNetUsers")]
    [InlineData("INSERT INTO \"ledger_outbox\" (\"Id\") VALUES (@p0);\nUPDATE \"AspNetUsers\" AS a SET \"LockoutEnd\" = @p WHERE a.\"Id\" = @id", "AspNetUsers")]
    [InlineData("DELETE FROM \"AspNetUsers\" WHERE \"Id\" = @p0;", "AspNetUsers")]
    [InlineData("INSERT INTO \"seals\" (\"Id\", \"UnitId\") VALUES (@p0, @p1);\nUPDATE \"signature_specimens\" SET \"Status\" = @p2;", "seals signature_specimens")]
    [InlineData("SELECT a.\"Id\", a.\"SecurityStamp\" FROM \"AspNetUsers\" AS a WHERE a.\"Id\" = @id LIMIT 1", "")]
    [InlineData("SELECT s.\"Id\" FROM \"seals\" AS s INNER JOIN \"units\" AS u ON s.\"UnitId\" = u.\"Id\"", "")]
    [InlineData("UPDATE \"certificate_applications\" SET \"Status\" = @p0 WHERE \"Id\" = @p1;", "")]
    [InlineData("INSERT INTO status_lists (\"UnitId\", \"NextIndex\") VALUES (@unit, @count)", "")]
    public void Statements_that_write_watched_tables_are_told_apart_from_reads_and_other_tables(string statement, string tables) =>
        Assert.Equal(tables, string.Join(' ', TableWrites.Written(statement).Select(i => TableWatch.Tables[i])));
}
