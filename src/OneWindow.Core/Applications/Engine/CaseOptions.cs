namespace OneWindow.Applications;

/// <summary>Configuration section <c>Cases</c>.</summary>
public sealed class CaseOptions
{
    public const string Section = "Cases";

    /// <summary>How often overdue tasks are looked for and escalated to the supervising unit. Zero: never.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many batches of submissions are saved at once (<see cref="SubmissionSequencer"/>). On PostgreSQL a batch
    /// waits mostly for its commit to reach the disk, and batches committing side by side share that wait; on
    /// SQLite they take turns at the one writer, and one worker is as fast (docs/BENCHMARKS.md).
    /// </summary>
    public int SubmissionWorkers { get; set; } = 4;

    /// <summary>How long a unit's counts of finished tasks are kept before they are counted again (open tasks are always counted fresh).</summary>
    public TimeSpan FinishedCountsFor { get; set; } = TimeSpan.FromSeconds(30);
}
