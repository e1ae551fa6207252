namespace OneWindow.Storage;

/// <summary>
/// SQLite has one writer at a time. Writers of this process that hold the write lock for a whole
/// transaction (approvals, the ledger sequencer) queue here first, so they take turns without meeting
/// SQLITE_BUSY — whose retry sleeps, not the work, made approvals' tail latency seconds long.
/// PostgreSQL callers pass straight through.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(bool sqlite, CancellationToken ct)
    {
        if (!sqlite)
        {
            return Released.None;
        }
        await _gate.WaitAsync(ct);
        return new Released(_gate);
    }

    private sealed class Released(SemaphoreSlim? gate) : IDisposable
    {
        public static readonly Released None = new(null);

        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
