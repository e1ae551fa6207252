using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace OneWindow.Storage;

/// <summary>Configuration section <c>Caches</c>: what the process keeps in memory of data that changes rarely.</summary>
public sealed class CacheOptions
{
    public const string Section = "Caches";

    /// <summary>
    /// How long an entry read from a watched table may be trusted at most. Writes made by this process (and
    /// on PostgreSQL by any process, through a notification) end that trust at once; this bounds only what
    /// another process writes to a SQLite database. Zero reads the database every time.
    /// </summary>
    public TimeSpan TrustFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many entries per cache; beyond it the cache starts over.</summary>
    public int MaxEntries { get; set; } = 100_000;
}

/// <summary>
/// A version per watched table, raised by every write to it that this process sees (<see cref="TableWrites"/>)
/// or hears of (on PostgreSQL, a notification from any process). A cache entry records the version taken
/// before its read and is trusted only while the table is still at that version, so an entry read before a
/// write but stored after it is never used. While notifications may have been missed (<see cref="Suspend"/>)
/// nothing is trusted.
/// </summary>
public sealed class TableWatch
{
    /// <summary>The PostgreSQL channel that the watched tables' statement triggers notify, with the table's name.</summary>
    public const string Channel = "onewindow_changes";

    /// <summary>The tables that in-memory caches are built on: accounts, and what issuing, routing and submitting read.</summary>
    public static readonly IReadOnlyList<string> Tables = ["AspNetUsers", "seals", "signature_specimens", "units", "service_items", "bundles", "department_endpoints", "divisions"];

    private readonly long[] _versions = new long[Tables.Count];
    private volatile bool _suspended;

    public static int IndexOf(string table)
    {
        for (var i = 0; i < Tables.Count; i++)
        {
            if (string.Equals(Tables[i], table, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    public bool Trusted => !_suspended;

    public long Version(int table) => Interlocked.Read(ref _versions[table]);

    public void Touch(int table) => Interlocked.Increment(ref _versions[table]);

    /// <summary>A change to a table by name; an unknown or empty name touches every table.</summary>
    public void Touch(string? table)
    {
        var index = table is null ? -1 : IndexOf(table);
        if (index >= 0)
        {
            Touch(index);
        }
        else
        {
            TouchAll();
        }
    }

    public void TouchAll()
    {
        for (var i = 0; i < _versions.Length; i++)
        {
            Touch(i);
        }
    }

    /// <summary>Trust nothing until <see cref="Resume"/> (e.g. while the PostgreSQL listener is not connected).</summary>
    public void Suspend()
    {
        _suspended = true;
        TouchAll();
    }

    public void Resume()
    {
        TouchAll();
        _suspended = false;
    }
}

/// <summary>
/// Entries read from one watched table, trusted while the table's version is unchanged and for at most
/// <see cref="CacheOptions.TrustFor"/>. Values are shared: callers must not change them.
/// </summary>
public sealed class TableCache<TKey, TValue>(TableWatch watch, string table, TimeProvider clock, IOptions<CacheOptions> options)
    where TKey : notnull
{
    private sealed record Entry(TValue Value, long Version, long ReadAt);

    private readonly int _table = TableWatch.IndexOf(table) is var i and >= 0 ? i : throw new ArgumentException($"{table} is not a watched table", nameof(table));
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    /// <summary>Take before reading from the database; pass to <see cref="Set"/>.</summary>
    public long Version => watch.Version(_table);

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        value = default!;
        var lifetime = options.Value.TrustFor;
        if (!watch.Trusted || lifetime <= TimeSpan.Zero || !_entries.TryGetValue(key, out var entry))
        {
            return false;
        }
        if (entry.Version != watch.Version(_table) || clock.GetElapsedTime(entry.ReadAt) >= lifetime)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            return false;
        }
        value = entry.Value;
        return true;
    }

    /// <summary>The trusted value of <paramref name="key"/>, or the one <paramref name="load"/> reads (and then kept).</summary>
    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (TryGet(key, out var value))
        {
            return value;
        }
        var version = Version;
        value = await load();
        Set(key, value, version);
        return value;
    }

    /// <summary>
    /// The trusted values of <paramref name="keys"/>; the rest read with one call of <paramref name="load"/> and kept
    /// (keys it does not answer are left out, and asked again next time).
    /// </summary>
    public async Task<Dictionary<TKey, TValue>> GetManyAsync(IReadOnlyCollection<TKey> keys, Func<List<TKey>, Task<Dictionary<TKey, TValue>>> load)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(load);
        var found = new Dictionary<TKey, TValue>(keys.Count);
        List<TKey>? wanted = null;
        foreach (var key in keys)
        {
            if (TryGet(key, out var value))
            {
                found[key] = value;
            }
            else
            {
                (wanted ??= []).Add(key);
            }
        }
        if (wanted is not null)
        {
            var version = Version;
            foreach (var (key, value) in await load(wanted))
            {
                found[key] = value;
                Set(key, value, version);
            }
        }
        return found;
    }

    /// <summary>Keeps a value read after <paramref name="versionBeforeRead"/> was taken.</summary>
    public void Set(TKey key, TValue value, long versionBeforeRead)
    {
        if (!watch.Trusted || options.Value.TrustFor <= TimeSpan.Zero || watch.Version(_table) != versionBeforeRead)
        {
            return;
        }
        if (_entries.Count >= options.Value.MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = new Entry(value, versionBeforeRead, clock.GetTimestamp());
    }
}

/// <summary>
/// Sees every statement this process sends; one that inserts into, updates or deletes from a watched table
/// raises that table's version in <see cref="TableWatch"/>, right after it runs and again when its
/// transaction commits. Bulk updates (<c>ExecuteUpdate</c>) and hand-written statements are seen as well.
/// </summary>
public sealed class TableWrites(TableWatch watch) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly string[][] Patterns = [.. TableWatch.Tables.Select(t => new[] { $"INSERT INTO \"{t}\"", $"UPDATE \"{t}\"", $"DELETE FROM \"{t}\"", $"INSERT INTO {t} ", $"UPDATE {t} ", $"DELETE FROM {t} " })];

    private readonly ConditionalWeakTable<DbTransaction, HashSet<int>> _writingTransactions = [];

    /// <summary>The watched tables a statement writes.</summary>
    internal static IEnumerable<int> Written(string text)
    {
        for (var i = 0; i < Patterns.Length; i++)
        {
            if (text.Contains(TableWatch.Tables[i], StringComparison.Ordinal) && Patterns[i].Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                yield return i;
            }
        }
    }

    private void Seen(DbCommand command)
    {
        foreach (var table in Written(command.CommandText))
        {
            watch.Touch(table);
            if (command.Transaction is { } transaction)
            {
                lock (_writingTransactions)
                {
                    _writingTransactions.GetOrCreateValue(transaction).Add(table);
                }
            }
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
        HashSet<int>? tables;
        lock (_writingTransactions)
        {
            if (_writingTransactions.TryGetValue(transaction, out tables))
            {
                _writingTransactions.Remove(transaction);
            }
        }
        foreach (var table in tables ?? [])
        {
            watch.Touch(table);
        }
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }
}
