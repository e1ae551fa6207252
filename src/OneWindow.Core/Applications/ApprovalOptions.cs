namespace OneWindow.Applications;

/// <summary>Configuration section <c>Approvals</c>.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    /// <summary>
    /// How many batches of approvals are in flight at once. One is fastest on the 2-core reference machine
    /// with both providers (docs/BENCHMARKS.md): more workers take smaller batches, and a batch's cost is
    /// mostly its round trips, not its size. More may help a PostgreSQL server on other hardware.
    /// </summary>
    public int Workers { get; set; } = 1;
}
