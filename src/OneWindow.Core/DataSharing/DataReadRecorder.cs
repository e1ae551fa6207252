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
public sealed partial class DataReadRecorder : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private sealed record Pending(LedgerEvent Event, Func<byte[], DataRead> Make, TaskCompletionSource<byte[]> Done);

    private readonly BatchQueue<Pending> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly SqliteWriteGate _gate;
    private readonly LedgerWriter _ledger;
    private readonly ILogger<DataReadRecorder> _logger;

    public DataReadRecorder(IServiceScopeFactory scopes, SqliteWriteGate gate, LedgerWriter ledger, ILogger<DataReadRecorder> logger)
    {
        _scopes = scopes;
        _gate = gate;
        _ledger = ledger;
        _logger = logger;
        _queue = new BatchQueue<Pending>(MaxBatch, workers: 1, SettleAsync, abandoned: _ => false); // a read asked for is recorded, even if its reader left
    }

    /// <summary>Commits the read <paramref name="make"/> builds (given its ledger leaf hash) with its ledger entry; returns the leaf hash.</summary>
    public Task<byte[]> RecordAsync(LedgerEvent entry, Func<byte[], DataRead> make, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(make);
        var done = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new Pending(entry, make, done));
        return done.Task.WaitAsync(ct);
    }

    private async Task SettleAsync(List<Pending> batch)
    {
        try
        {
            await WriteAsync(batch);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchSplit(_logger, batch.Count, ex.GetType().Name);
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

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var leaves = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            leaves[i] = LedgerOutbox.Stage(db, batch[i].Event);
            db.DataReads.Add(batch[i].Make(leaves[i]));
        }
        using (await _gate.EnterAsync(db.Database.IsSqlite(), CancellationToken.None))
        {
            await db.SaveChangesAsync(); // the reads and their ledger entries, all or none
        }
        _ledger.Wake();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(leaves[i]);
        }
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "A batch of {Count} data reads could not be recorded together ({ExceptionType}); each is recorded alone")]
    private static partial void LogBatchSplit(ILogger logger, int count, string exceptionType);
}
