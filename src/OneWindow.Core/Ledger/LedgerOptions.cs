namespace OneWindow.Ledger;

/// <summary>Configuration section <c>Ledger</c>.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>The log's origin line and key name; identifies this log to witnesses and verifiers.</summary>
    public string Origin { get; set; } = "onewindow.local/ledger";

    /// <summary>How often, at most, a new checkpoint is signed while the log grows. Zero: on every request.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most appends written in one transaction.</summary>
    public int MaxBatch { get; set; } = 2000;

    /// <summary>How often the sequencer looks for events staged by other processes or left by a crash. Zero: only when woken.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the sequencer lets committed outbox events gather after a wake before it appends them:
    /// they are durable already, so waiting costs nothing but a moment's delay in the log, and one
    /// transaction then carries the events of many approvals. Zero: append at once.
    /// </summary>
    public TimeSpan OutboxLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The most entries one page of <c>GET /api/ledger/entries</c> returns.</summary>
    public int MaxEntriesPage { get; set; } = 1000;
}
