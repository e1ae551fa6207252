using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace OneWindow.Identity;

/// <summary>Configuration section <c>Sessions</c>.</summary>
public sealed class SessionCacheOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How long a signed-in request may trust an account as read by an earlier request of this process.
    /// Writes to accounts made by this process (and on PostgreSQL by any process, through a notification)
    /// end that trust at once; this bounds only what another process writes to a SQLite database.
    /// Zero reads the account on every request.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many accounts are kept; beyond it the cache starts over.</summary>
    public int MaxAccounts { get; set; } = 100_000;
}

/// <summary>
/// Accounts as last read by the session check, so that a signed-in request does not make a database round
/// trip just to compare the security stamp. Correctness rests on invalidation, not on the lifetime:
/// <see cref="AccountWrites"/> forgets everything after any statement of this process that updates or
/// deletes accounts (and again when its transaction commits), a PostgreSQL listener does the same for
/// other processes, and an entry read before a write but remembered after it is dropped (a version counter
/// taken before the read).
/// </summary>
public sealed class AccountCache(TimeProvider clock, IOptions<SessionCacheOptions> options)
{
    private sealed record Entry(Account Account, long ReadAt);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _version;
    private volatile bool _suspended;

    /// <summary>Take before reading an account from the database; pass to <see cref="Remember"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A copy of the account as last read, if still trusted; the caller may attach it to its unit of work.</summary>
    public Account? Find(Guid id)
    {
        var lifetime = options.Value.CacheFor;
        if (_suspended || lifetime <= TimeSpan.Zero || !_entries.TryGetValue(id, out var entry))
        {
            return null;
        }
        if (clock.GetElapsedTime(entry.ReadAt) >= lifetime)
        {
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(id, entry));
            return null;
        }
        return entry.Account.Copy();
    }

    /// <summary>Keeps a copy of an account read after <paramref name="versionBeforeRead"/>, unless a write came in between.</summary>
    public void Remember(Account account, long versionBeforeRead)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_suspended || options.Value.CacheFor <= TimeSpan.Zero || Version != versionBeforeRead)
        {
            return;
        }
        if (_entries.Count >= options.Value.MaxAccounts)
        {
            _entries.Clear();
        }
        var entry = new Entry(account.Copy(), clock.GetTimestamp());
        _entries[account.Id] = entry;
        if (Version != versionBeforeRead)
        {
            // A write was forgotten while this entry went in: it may hold what the write replaced.
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(account.Id, entry));
        }
    }

    /// <summary>Forgets every account: something changed accounts, or invalidation from elsewhere may have been missed.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _version);
        _entries.Clear();
    }

    /// <summary>Stops trusting the cache (e.g. while the PostgreSQL listener is not connected) until <see cref="Resume"/>.</summary>
    public void Suspend()
    {
        _suspended = true;
        ForgetAll();
    }

    public void Resume()
    {
        ForgetAll();
        _suspended = false;
    }

    public int Count => _entries.Count;
}

/// <summary>
/// Sees every statement this process sends; one that writes the accounts table makes <see cref="AccountCache"/>
/// forget, right after it runs and again when its transaction commits (inserts need nothing: a new account
/// cannot be in the cache). Bulk updates (<c>ExecuteUpdate</c>) are statements too, so they are seen as well.
/// </summary>
public sealed class AccountWrites(AccountCache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Table = "AspNetUsers";

    private readonly ConditionalWeakTable<DbTransaction, object> _writingTransactions = [];

    internal static bool Writes(string text)
    {
        var at = text.IndexOf(Table, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        // EF writes "UPDATE "AspNetUsers" SET" / "DELETE FROM "AspNetUsers"" (possibly after other statements of a batch).
        return text.Contains("UPDATE \"" + Table + "\"", StringComparison.OrdinalIgnoreCase)
            || text.Contains("DELETE FROM \"" + Table + "\"", StringComparison.OrdinalIgnoreCase)
            || text.Contains("UPDATE " + Table, StringComparison.OrdinalIgnoreCase)
            || text.Contains("DELETE FROM " + Table, StringComparison.OrdinalIgnoreCase);
    }

    private void Seen(DbCommand command)
    {
        if (!Writes(command.CommandText))
        {
            return;
        }
        cache.ForgetAll();
        if (command.Transaction is { } transaction)
        {
            _writingTransactions.AddOrUpdate(transaction, this);
        }
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_writingTransactions.TryGetValue(transaction, out _))
        {
            _writingTransactions.Remove(transaction);
            cache.ForgetAll();
        }
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }
}
