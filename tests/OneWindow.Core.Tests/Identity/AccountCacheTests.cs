using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Identity;

namespace OneWindow.Core.Tests.Identity;

public sealed class AccountCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    private AccountCache Cache(TimeSpan? lifetime = null) =>
        new(_clock, Options.Create(new SessionCacheOptions { CacheFor = lifetime ?? TimeSpan.FromSeconds(5), MaxAccounts = 3 }));

    private static Account Staff(string stamp = "stamp-1") => new() { Id = Guid.NewGuid(), UserName = "clerk", SecurityStamp = stamp, Kind = AccountKind.Staff };

    [Fact]
    public void A_remembered_account_comes_back_as_a_copy_until_its_lifetime_ends()
    {
        var cache = Cache();
        var account = Staff();
        cache.Remember(account, cache.Version);

        var found = cache.Find(account.Id);
        Assert.NotNull(found);
        Assert.NotSame(account, found);
        Assert.Equal("stamp-1", found.SecurityStamp);
        found.SecurityStamp = "changed by the caller";
        Assert.Equal("stamp-1", cache.Find(account.Id)!.SecurityStamp);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(cache.Find(account.Id));
    }

    [Fact]
    public void An_account_read_before_a_write_but_remembered_after_it_is_not_kept()
    {
        var cache = Cache();
        var account = Staff("old-stamp");
        var before = cache.Version;

        cache.ForgetAll(); // a write committed while the account was being read
        cache.Remember(account, before);

        Assert.Null(cache.Find(account.Id));
    }

    [Fact]
    public void Forgetting_suspending_and_a_zero_lifetime_each_send_the_check_to_the_database()
    {
        var cache = Cache();
        var account = Staff();
        cache.Remember(account, cache.Version);
        cache.ForgetAll();
        Assert.Null(cache.Find(account.Id));

        cache.Suspend();
        cache.Remember(account, cache.Version);
        Assert.Null(cache.Find(account.Id));
        cache.Resume();
        cache.Remember(account, cache.Version);
        Assert.NotNull(cache.Find(account.Id));

        var off = Cache(TimeSpan.Zero);
        off.Remember(account, off.Version);
        Assert.Null(off.Find(account.Id));
    }

    [Fact]
    public void The_cache_starts_over_when_it_is_full()
    {
        var cache = Cache();
        var accounts = Enumerable.Range(0, 4).Select(_ => Staff()).ToList();
        foreach (var account in accounts)
        {
            cache.Remember(account, cache.Version);
        }

        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.Find(accounts[3].Id));
    }

    [Theory]
    [InlineData("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = @p0 WHERE \"Id\" = @p1 AND \"ConcurrencyStamp\" = @p2 RETURNING 1;", true)]
    [InlineData("INSERT INTO \"ledger_outbox\" (\"Id\") VALUES (@p0);\nUPDATE \"AspNetUsers\" AS a SET \"LockoutEnd\" = @p WHERE a.\"Id\" = @id", true)]
    [InlineData("DELETE FROM \"AspNetUsers\" WHERE \"Id\" = @p0;", true)]
    [InlineData("INSERT INTO \"AspNetUsers\" (\"Id\", \"UserName\") VALUES (@p0, @p1);", false)]
    [InlineData("SELECT a.\"Id\", a.\"SecurityStamp\" FROM \"AspNetUsers\" AS a WHERE a.\"Id\" = @id LIMIT 1", false)]
    [InlineData("UPDATE \"certificate_applications\" SET \"Status\" = @p0 WHERE \"Id\" = @p1;", false)]
    public void Statements_that_change_accounts_are_told_apart_from_reads_and_inserts(string statement, bool writes) =>
        Assert.Equal(writes, AccountWrites.Writes(statement));
}
