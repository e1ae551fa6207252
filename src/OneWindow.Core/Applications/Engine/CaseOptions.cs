namespace OneWindow.Applications;

/// <summary>Configuration section <c>Cases</c>.</summary>
public sealed class CaseOptions
{
    public const string Section = "Cases";

    /// <summary>How often overdue tasks are looked for and escalated to the supervising unit. Zero: never.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a unit's counts of finished tasks are kept before they are counted again (open tasks are always counted fresh).</summary>
    public TimeSpan FinishedCountsFor { get; set; } = TimeSpan.FromSeconds(30);
}
