using Microsoft.Extensions.Options;
using OneWindow.Storage;

namespace OneWindow.Identity;

/// <summary>
/// Accounts as last read by the session check, so that a signed-in request does not make a database round
/// trip just to compare the security stamp. Correctness rests on invalidation, not on the lifetime: any
/// write to the accounts table that this process makes, or on PostgreSQL that any process makes, raises the
/// table's version in <see cref="TableWatch"/>, and an entry read at an older version is never used.
/// </summary>
public sealed class AccountCache(TableWatch watch, TimeProvider clock, IOptions<CacheOptions> options)
{
    private readonly TableCache<Guid, Account> _accounts = new(watch, "AspNetUsers", clock, options);

    /// <summary>Take before reading an account from the database; pass to <see cref="Remember"/>.</summary>
    public long Version => _accounts.Version;

    /// <summary>A copy of the account as last read, if still trusted; the caller may attach it to its unit of work.</summary>
    public Account? Find(Guid id) => _accounts.TryGet(id, out var account) ? account.Copy() : null;

    /// <summary>Keeps a copy of an account read after <paramref name="versionBeforeRead"/>, unless a write came in between.</summary>
    public void Remember(Account account, long versionBeforeRead)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts.Set(account.Id, account.Copy(), versionBeforeRead);
    }

    public int Count => _accounts.Count;
}
