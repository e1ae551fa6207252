using System.Threading.Channels;

namespace OneWindow.Storage;

/// <summary>
/// The queue behind each group commit (approvals, submissions, data reads): callers add work; <c>workers</c> loops
/// each take what is queued — up to <c>maxBatch</c>, leaving out work whose caller has gone (<c>abandoned</c>) — and
/// hand it to <c>settle</c>, which commits it together and answers every caller. <c>settle</c> must answer each
/// item itself and never throw. The loops start on first use, on the thread pool: they outlive the request that
/// starts them, and stop when the queue is disposed, after what is queued.
/// </summary>
public sealed class BatchQueue<T>(int maxBatch, int workers, Func<List<T>, Task> settle, Func<T, bool> abandoned) : IAsyncDisposable
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = workers == 1 });
    private readonly Lock _startLock = new();
    private Task? _loops;

    /// <summary>Queues <paramref name="item"/> for the next batch.</summary>
    public void Add(T item)
    {
        if (_loops is null)
        {
            lock (_startLock)
            {
                _loops ??= Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(RunAsync, CancellationToken.None)));
            }
        }
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The batch queue has stopped.");
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<T>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var item))
            {
                if (!abandoned(item))
                {
                    batch.Add(item);
                }
            }
            if (batch.Count > 0)
            {
                await settle(batch);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loops is not null)
        {
            await _loops;
        }
    }
}
