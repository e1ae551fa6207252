using System.Buffers;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OneWindow.Storage;

namespace OneWindow.Ledger;

/// <summary>Where an appended event landed.</summary>
public sealed record Appended(long Index, byte[] LeafHash);

/// <summary>
/// The log's sequencer. Appends from any number of callers queue on a channel; one loop takes what
/// is queued (up to <see cref="LedgerOptions.MaxBatch"/>), assigns consecutive indices, writes leaves,
/// their bytes into entry bundles (the partial last bundle is rewritten), completed subtree hashes and
/// the new right edge in ONE transaction, and acknowledges each append only after that commit. Several processes on one PostgreSQL serialize on an advisory lock and
/// re-read the tree size inside it, so indices stay total and gap-free.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private const long AdvisoryLock = 0x4F4E4557_4C454447; // "ONEWLEDG"

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly int _maxBatch;
    private readonly Lock _startLock = new();
    private readonly TimeSpan _outboxPoll;
    private readonly TimeSpan _outboxLinger;
    private int _wakeScheduled;
    private Task? _loop;
    private ITimer? _poll;
    private Frontier? _cached;
    private (long Size, byte[] Bundle)? _cachedTail;

    private readonly Storage.SqliteWriteGate _gate;

    public LedgerWriter(IServiceScopeFactory scopes, IOptions<LedgerOptions> options, ILogger<LedgerWriter> logger, Storage.SqliteWriteGate? gate = null)
    {
        _gate = gate ?? new Storage.SqliteWriteGate();
        _scopes = scopes;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
        _outboxPoll = options.Value.OutboxPollInterval;
        _outboxLinger = options.Value.OutboxLinger;
    }

    /// <summary>An append waiting in the queue; outbox rows have no waiter but an id to delete.</summary>
    private sealed record Pending(byte[] Input, string Type, string Subject, TaskCompletionSource<Appended>? Done, long OutboxId = 0);

    /// <summary>Queued by <see cref="Wake"/>: look at the outbox now.</summary>
    private static readonly Pending s_wake = new([], "", "", null);

    /// <summary>Appends an event; completes once it is durably committed, with its index.</summary>
    public Task<Appended> AppendAsync(LedgerEvent entry, CancellationToken ct = default)
    {
        var input = Encode(entry);
        EnsureStarted();
        var done = new TaskCompletionSource<Appended>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(input, entry.Type, entry.Subject, done)))
        {
            throw new InvalidOperationException("The ledger writer has stopped.");
        }
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Starts the sequencer (and its outbox poll) without appending anything.</summary>
    public void Start() => EnsureStarted();

    /// <summary>
    /// Tells the sequencer that events were staged in the outbox and committed. Wakes within
    /// <see cref="LedgerOptions.OutboxLinger"/> share one look at the outbox.
    /// </summary>
    public void Wake()
    {
        EnsureStarted();
        if (_outboxLinger <= TimeSpan.Zero)
        {
            _queue.Writer.TryWrite(s_wake);
        }
        else if (Interlocked.Exchange(ref _wakeScheduled, 1) == 0)
        {
            _ = WakeAfterLingerAsync();
        }
    }

    private async Task WakeAfterLingerAsync()
    {
        await Task.Delay(_outboxLinger);
        Volatile.Write(ref _wakeScheduled, 0); // wakes from now on schedule the next look
        _queue.Writer.TryWrite(s_wake);
    }

    /// <summary>Checks an event against the log's limits and returns its canonical bytes.</summary>
    public static byte[] Encode(LedgerEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.Type) || entry.Type.Length > LedgerEvent.MaxTypeLength)
        {
            throw new ArgumentException($"An event type is 1 to {LedgerEvent.MaxTypeLength} characters.", nameof(entry));
        }
        if (entry.Subject is null || entry.Subject.Length > LedgerEvent.MaxSubjectLength)
        {
            throw new ArgumentException($"An event subject is at most {LedgerEvent.MaxSubjectLength} characters.", nameof(entry));
        }
        var input = entry.Encode();
        if (input.Length > LedgerEvent.MaxLeafBytes)
        {
            throw new ArgumentException($"An event is at most {LedgerEvent.MaxLeafBytes} bytes when encoded.", nameof(entry));
        }
        return input;
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }
        lock (_startLock)
        {
            if (_loop is null)
            {
                _loop = Task.Run(RunAsync);
                // Events staged by other processes, or left by a crash, are picked up by polling.
                _poll = _outboxPoll > TimeSpan.Zero ? TimeProvider.System.CreateTimer(_ => _queue.Writer.TryWrite(s_wake), null, _outboxPoll, _outboxPoll) : null;
            }
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var woken = false;
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                if (ReferenceEquals(pending, s_wake))
                {
                    woken = true;
                }
                else
                {
                    batch.Add(pending);
                }
            }
            try
            {
                var (results, more) = await WriteBatchAsync(batch, woken);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done?.TrySetResult(results[i]);
                }
                if (more)
                {
                    _queue.Writer.TryWrite(s_wake);
                }
            }
            catch (Exception ex)
            {
                _cached = null;
                _cachedTail = null;
                LogBatchFailed(_logger, batch.Count, ex.GetType().Name, ex.Message);
                LogBatchFailure(_logger, ex);
                foreach (var pending in batch)
                {
                    pending.Done?.TrySetException(ex);
                }
            }
        }
    }

    private AsyncServiceScope? _scope;
    private DbConnection? _connection;

    /// <summary>The writer keeps one connection of its own; it is reopened after a failure.</summary>
    private async Task<DbConnection> ConnectionAsync()
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }
        await CloseConnectionAsync();
        _scope = _scopes.CreateAsyncScope();
        var connection = _scope.Value.ServiceProvider.GetRequiredService<OneWindowDb>().Database.GetDbConnection();
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            // WAL with synchronous=NORMAL: a commit survives the process being killed; the WAL is
            // synced at checkpoints. Set Ledger durability at the storage layer for power-loss needs.
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL");
            // A large page cache keeps the leaf-hash index's random inserts off the disk as the log grows.
            await ExecuteAsync(connection, null, "PRAGMA cache_size=-262144");
            // Fewer, larger WAL checkpoints: the writer is the only one that grows the WAL this fast.
            await ExecuteAsync(connection, null, "PRAGMA wal_autocheckpoint=10000");
        }
        _connection = connection;
        return connection;
    }

    private async Task CloseConnectionAsync()
    {
        _connection = null;
        if (_scope is { } scope)
        {
            _scope = null;
            await scope.DisposeAsync();
        }
    }

    private async Task<(Appended[] Results, bool More)> WriteBatchAsync(List<Pending> batch, bool outbox)
    {
        DbConnection connection;
        try
        {
            connection = await ConnectionAsync();
        }
        catch
        {
            await CloseConnectionAsync();
            throw;
        }
        try
        {
            if (batch.Count == 0 && !(outbox && await OutboxHasRowsAsync(connection)))
            {
                return ([], false);
            }
            using var turn = await _gate.EnterAsync(connection is SqliteConnection, CancellationToken.None);
            return await WriteBatchAsync(connection, batch, outbox);
        }
        catch
        {
            await CloseConnectionAsync();
            throw;
        }
    }

    private async Task<(Appended[] Results, bool More)> WriteBatchAsync(DbConnection connection, List<Pending> batch, bool outbox)
    {
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false) // BEGIN IMMEDIATE: take the write lock before reading the size
            : await connection.BeginTransactionAsync();
        if (connection is NpgsqlConnection)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLock})");
        }

        var (size, frontierBytes) = await ReadStateAsync(connection, transaction);
        var frontier = _cached is { } cached && cached.Size == size
            ? cached.Clone()
            : frontierBytes is null ? new Frontier() : Frontier.Deserialize(frontierBytes);
        if (frontier.Size != size)
        {
            throw new InvalidDataException($"The ledger state says {size} entries but its right edge holds {frontier.Size}.");
        }

        var requested = batch.Count;
        var taken = 0;
        if (outbox && batch.Count < _maxBatch)
        {
            taken = await TakeOutboxAsync(connection, transaction, batch, _maxBatch - batch.Count);
        }
        if (batch.Count == 0)
        {
            await transaction.RollbackAsync();
            return ([], false);
        }

        var results = new Appended[batch.Count];
        var completed = new List<CompletedNode>(batch.Count + 8);
        for (var i = 0; i < batch.Count; i++)
        {
            var hash = Merkle.LeafHash(batch[i].Input);
            results[i] = new Appended(frontier.Size, hash);
            frontier.Append(hash, completed);
        }

        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, batch, results, completed);
        }
        else
        {
            await InsertAsync(connection, transaction, batch, results, completed);
        }
        var tail = await WriteBundlesAsync(connection, transaction, size, batch);
        await WriteStateAsync(connection, transaction, frontier, size == 0 && frontierBytes is null);
        await transaction.CommitAsync();
        _cached = frontier;
        _cachedTail = (frontier.Size, tail);
        return (results, taken > 0 && taken == _maxBatch - requested);
    }

    private static async Task<bool> OutboxHasRowsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM ledger_outbox LIMIT 1";
        return await command.ExecuteScalarAsync() is not null;
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> staged events, oldest first, into the batch and deletes
    /// their rows in the batch's transaction: they enter the log exactly when they leave the outbox.
    /// </summary>
    private static async Task<int> TakeOutboxAsync(DbConnection connection, DbTransaction transaction, List<Pending> batch, int limit)
    {
        var taken = new List<Pending>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, type, subject, input FROM ledger_outbox ORDER BY id LIMIT @n";
            command.AddParameter("@n", limit);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                taken.Add(new Pending((byte[])reader.GetValue(3), reader.GetString(1), reader.GetString(2), null, reader.GetInt64(0)));
            }
        }
        if (taken.Count == 0)
        {
            return 0;
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM ledger_outbox WHERE id = @id";
            var id = command.AddParameter("@id", 0L);
            await command.PrepareAsync();
            foreach (var pending in taken)
            {
                id.Value = pending.OutboxId;
                if (await command.ExecuteNonQueryAsync() != 1)
                {
                    throw new InvalidOperationException($"Ledger outbox row {pending.OutboxId} was taken by another writer.");
                }
            }
        }
        batch.AddRange(taken);
        return taken.Count;
    }

    /// <summary>
    /// Adds the batch's bytes to the entry bundles: completes the partial last bundle, writes any full
    /// ones, and leaves the new partial one (returned, so the next batch need not read it back).
    /// </summary>
    private async Task<byte[]> WriteBundlesAsync(DbConnection connection, DbTransaction transaction, long size, List<Pending> batch)
    {
        var bundle = new ArrayBufferWriter<byte>(64 * 1024);
        if (size % EntryBundle.Width != 0)
        {
            var tail = _cachedTail is { } cached && cached.Size == size ? cached.Bundle : await ReadBundleAsync(connection, transaction, EntryBundle.Of(size));
            if (EntryBundle.Split(tail).Count != size % EntryBundle.Width)
            {
                throw new InvalidDataException($"The ledger's last entry bundle does not hold the {size % EntryBundle.Width} entries its size says.");
            }
            bundle.Write(tail);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO ledger_bundles (idx, data) VALUES (@i, @d) ON CONFLICT (idx) DO UPDATE SET data = excluded.data";
        var index = command.AddParameter("@i", 0L);
        var data = command.AddParameter("@d", Array.Empty<byte>());
        var next = size;
        for (var i = 0; i < batch.Count; i++)
        {
            EntryBundle.Append(bundle, batch[i].Input);
            next++;
            if (next % EntryBundle.Width == 0 || i == batch.Count - 1)
            {
                index.Value = EntryBundle.Of(next - 1);
                data.Value = bundle.WrittenSpan.ToArray();
                await command.ExecuteNonQueryAsync();
                if (next % EntryBundle.Width == 0)
                {
                    bundle.ResetWrittenCount();
                }
            }
        }
        return bundle.WrittenSpan.ToArray();
    }

    private static async Task<byte[]> ReadBundleAsync(DbConnection connection, DbTransaction transaction, long index)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT data FROM ledger_bundles WHERE idx = @i";
        command.AddParameter("@i", index);
        return await command.ExecuteScalarAsync() as byte[]
            ?? throw new InvalidDataException($"The ledger's entry bundle {index} is missing.");
    }

    private static async Task<(long Size, byte[]? Frontier)> ReadStateAsync(DbConnection connection, DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT size, frontier FROM ledger_state WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : (0, null);
    }

    private static async Task WriteStateAsync(DbConnection connection, DbTransaction transaction, Frontier frontier, bool insert)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = insert
            ? "INSERT INTO ledger_state (id, size, frontier, root) VALUES (1, @size, @frontier, @root)"
            : "UPDATE ledger_state SET size = @size, frontier = @frontier, root = @root WHERE id = 1";
        command.AddParameter("@size", frontier.Size);
        command.AddParameter("@frontier", frontier.Serialize());
        command.AddParameter("@root", frontier.Root());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, List<Pending> batch, Appended[] results, List<CompletedNode> nodes)
    {
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO ledger_entries (idx, leaf_hash, type, subject) VALUES (@i, @h, @t, @s)";
            var index = command.AddParameter("@i", 0L);
            var hash = command.AddParameter("@h", Array.Empty<byte>());
            var type = command.AddParameter("@t", "");
            var subject = command.AddParameter("@s", "");
            await command.PrepareAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                index.Value = results[i].Index;
                hash.Value = results[i].LeafHash;
                type.Value = batch[i].Type;
                subject.Value = batch[i].Subject;
                await command.ExecuteNonQueryAsync();
            }
        }
        if (nodes.Count == 0)
        {
            return;
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO ledger_nodes (level, idx, hash) VALUES (@l, @i, @h)";
            var level = command.AddParameter("@l", 0);
            var index = command.AddParameter("@i", 0L);
            var hash = command.AddParameter("@h", Array.Empty<byte>());
            await command.PrepareAsync();
            foreach (var node in nodes)
            {
                level.Value = node.Level;
                index.Value = node.Index;
                hash.Value = node.Hash;
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Pending> batch, Appended[] results, List<CompletedNode> nodes)
    {
        await using (var writer = await connection.BeginBinaryImportAsync("COPY ledger_entries (idx, leaf_hash, type, subject) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(results[i].Index, NpgsqlDbType.Bigint);
                await writer.WriteAsync(results[i].LeafHash, NpgsqlDbType.Bytea);
                await writer.WriteAsync(batch[i].Type, NpgsqlDbType.Varchar);
                await writer.WriteAsync(batch[i].Subject, NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync();
        }
        if (nodes.Count == 0)
        {
            return;
        }
        await using (var writer = await connection.BeginBinaryImportAsync("COPY ledger_nodes (level, idx, hash) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var node in nodes)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(node.Level, NpgsqlDbType.Integer);
                await writer.WriteAsync(node.Index, NpgsqlDbType.Bigint);
                await writer.WriteAsync(node.Hash, NpgsqlDbType.Bytea);
            }
            await writer.CompleteAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Forgets the cached right edge (after the database was changed behind the writer's back).</summary>
    public void Reset()
    {
        _cached = null;
        _cachedTail = null;
    }

    public async ValueTask DisposeAsync()
    {
        _poll?.Dispose();
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
        await CloseConnectionAsync();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "A ledger batch of {Count} appends failed and was rolled back: {ExceptionType}: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, int count, string exceptionType, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Ledger batch failure details")]
    private static partial void LogBatchFailure(ILogger logger, Exception exception);
}
