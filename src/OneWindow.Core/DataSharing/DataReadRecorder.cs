using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.DataSharing;

/// <summary>
/// Records granted reads together (group commit): each read's row and its ledger entry are queued, and one worker
/// writes everything queued in one save, under the SQLite write gate, then answers each reader — so a read's data
/// leaves only after its record is committed, and a thousand readers cost a few transactions, not a thousand.
/// A batch that fails as a whole is written again one read at a time, so one bad read never loses the others.
/// </summary>
public sealed partial class DataReadRecorder(IServiceScopeFactory scopes, SqliteWriteGate gate, LedgerWriter ledger, ILogger<DataReadRecorder> logger) : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private sealed record Pending(LedgerEvent Event, Func<byte[], DataRead> Make, TaskCompletionSource<byte[]> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Commits the read <paramref name="make"/> builds (given its ledger leaf hash) with its ledger entry; returns the leaf hash.</summary>
    public Task<byte[]> RecordAsync(LedgerEvent entry, Func<byte[], DataRead> make, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(make);
        if (_loop is null)
        {
            lock (_startLock)
            {
                _loop ??= Task.Run(RunAsync, CancellationToken.None); // outlives the request that starts it
            }
        }
        var done = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(entry, make, done)))
        {
            throw new InvalidOperationException("The read recorder has stopped.");
        }
        return done.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                LogBatchSplit(logger, batch.Count, ex.GetType().Name);
                foreach (var one in batch)
                {
                    try
                    {
                        await WriteAsync([one]);
                    }
                    catch (Exception alone)
                    {
                        one.Done.TrySetException(alone);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var leaves = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            leaves[i] = LedgerOutbox.Stage(db, batch[i].Event);
            db.DataReads.Add(batch[i].Make(leaves[i]));
        }
        using (await gate.EnterAsync(db.Database.IsSqlite(), CancellationToken.None))
        {
            await db.SaveChangesAsync(); // the reads and their ledger entries, all or none
        }
        ledger.Wake();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(leaves[i]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "A batch of {Count} data reads could not be recorded together ({ExceptionType}); each is recorded alone")]
    private static partial void LogBatchSplit(ILogger logger, int count, string exceptionType);
}
