using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OneWindow.Ledger;

/// <summary>
/// The tree's upper levels in memory. In an append-only log the hash of a complete subtree never
/// changes once stored, and every proof passes through the top of the tree, so the hashes of every
/// level from <see cref="MinLevel"/> up are kept once read: a proof then reads only its lowest
/// levels from the database. The first reader starts loading the stored upper levels in the
/// background (one query on a connection of its own; about 4 s for a log of 10 M entries on the
/// benchmark machine), proofs read the database meanwhile, and later hashes are added as proofs
/// read them.
/// <para>
/// Levels are dense arrays of 32-byte hashes with a bitmap of which are present, so the cache costs
/// about 32 bytes per node: <see cref="MinLevel"/> is chosen when the cache is first loaded, as the
/// lowest level whose nodes and those above fit <see cref="Budget"/> (for 10 M entries, level 4:
/// 1.25 M hashes, 40 MB). It grows with the log to at most twice the budget, then stops adding.
/// Readers take no lock; a hash is published (bit set) only after its bytes are written.
/// </para>
/// </summary>
public sealed partial class LedgerNodeCache
{
    public const long Budget = 64L << 20;

    private readonly Lock _lock = new();
    private readonly Level?[] _levels = new Level?[64];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IServiceScopeFactory? _scopes;
    private readonly ILogger<LedgerNodeCache>? _logger;
    private int _loading;
    private int _initialized;
    private long _bytes;

    /// <summary>A cache that is filled only by <see cref="Initialize"/> and <see cref="Add"/>.</summary>
    public LedgerNodeCache()
    {
    }

    /// <summary>A cache that loads the stored upper levels itself, on first use.</summary>
    public LedgerNodeCache(IServiceScopeFactory scopes, ILogger<LedgerNodeCache> logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

    /// <summary>Completes when the background load has finished (or failed, which leaves the cache to fill as proofs read).</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The lowest cached level (int.MaxValue until the first load).</summary>
    public int MinLevel { get; private set; } = int.MaxValue;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Starts the background load of the stored upper levels, once.</summary>
    public void EnsureLoading()
    {
        if (_scopes is null || Interlocked.Exchange(ref _loading, 1) != 0)
        {
            return;
        }
        _ = Task.Run(LoadAsync);
    }

    /// <summary>
    /// Chooses <see cref="MinLevel"/> for a log of <paramref name="size"/> entries: the lowest level
    /// whose nodes and those above fit the budget. True for the first call only.
    /// </summary>
    public bool Initialize(long size)
    {
        if (Interlocked.Exchange(ref _initialized, 1) != 0)
        {
            return false;
        }
        var level = 1;
        while (level < 62 && 2 * (size >> level) * Merkle.HashSize > Budget)
        {
            level++;
        }
        MinLevel = level;
        return true;
    }

    private async Task LoadAsync()
    {
        try
        {
            await using var scope = _scopes!.CreateAsyncScope();
            var connection = scope.ServiceProvider.GetRequiredService<OneWindowDb>().Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT size FROM ledger_state WHERE id = 1";
                Initialize(await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0);
            }
            await LoadLevelsAsync(connection);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ObjectDisposedException)
        {
            LogLoadFailed(_logger!, ex);
        }
        finally
        {
            _loaded.TrySetResult();
        }
    }

    private async Task LoadLevelsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        // Highest index first, so each level's array is sized once.
        command.CommandText = $"SELECT level, idx, hash FROM ledger_nodes WHERE level >= {MinLevel} ORDER BY level DESC, idx DESC";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Add(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader.GetValue(2));
        }
    }

    public bool TryGet(int level, long index, out byte[] hash)
    {
        if (level >= MinLevel && level < _levels.Length && Volatile.Read(ref _levels[level]) is { } stored && stored.TryGet(index, out hash))
        {
            return true;
        }
        hash = [];
        return false;
    }

    /// <summary>Keeps a stored hash of a complete subtree at or above <see cref="MinLevel"/>.</summary>
    public void Add(int level, long index, byte[] hash)
    {
        if (level < MinLevel || level >= _levels.Length || index < 0 || hash.Length != Merkle.HashSize || Bytes > 2 * Budget)
        {
            return;
        }
        lock (_lock)
        {
            var stored = _levels[level] ?? new Level(0);
            if (index >= stored.Capacity)
            {
                var grown = stored.GrownTo(Math.Max(index + 1, stored.Capacity * 2));
                Interlocked.Add(ref _bytes, (grown.Capacity - stored.Capacity) * Merkle.HashSize);
                stored = grown;
            }
            stored.Set(index, hash);
            Volatile.Write(ref _levels[level], stored);
        }
    }

    /// <summary>One level: hashes side by side, and a bit per slot saying it is filled.</summary>
    private sealed class Level(long capacity)
    {
        private readonly byte[] _hashes = new byte[capacity * Merkle.HashSize];
        private readonly long[] _present = new long[(capacity + 63) / 64];

        public long Capacity { get; } = capacity;

        public bool TryGet(long index, out byte[] hash)
        {
            if (index >= 0 && index < Capacity && (Volatile.Read(ref _present[index >> 6]) & (1L << (int)(index & 63))) != 0)
            {
                hash = _hashes.AsSpan((int)(index * Merkle.HashSize), Merkle.HashSize).ToArray();
                return true;
            }
            hash = [];
            return false;
        }

        /// <summary>Writes the hash, then marks it present (callers hold the cache's lock).</summary>
        public void Set(long index, byte[] hash)
        {
            hash.CopyTo(_hashes, index * Merkle.HashSize);
            Interlocked.Or(ref _present[index >> 6], 1L << (int)(index & 63));
        }

        public Level GrownTo(long capacity)
        {
            var grown = new Level(capacity);
            _hashes.CopyTo(grown._hashes, 0);
            _present.CopyTo(grown._present, 0);
            return grown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the ledger's upper tree levels into memory failed; proofs read them from the database")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
