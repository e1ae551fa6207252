namespace OneWindow.Departments;

/// <summary>Configuration section <c>Webhooks</c>: how tasks are delivered to departments' own systems.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this process delivers at all (every process that does shares the work without double delivery).</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>How often the outbox is looked at when nothing woke the deliverer.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages taken at a time by one delivery loop; they are posted at once and their outcomes written in one transaction.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Delivery loops per process: a batch held up by a slow endpoint holds up only its own loop.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>An endpoint that has not answered by then has failed this attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a taken message is held; longer than <see cref="Timeout"/>, so that no two processes send it at once.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait after the first failure; it doubles after each (with up to 20 % jitter), capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message goes to the dead-letter list.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Allows plain-HTTP endpoints on loopback addresses (development and tests); HTTPS is required otherwise.</summary>
    public bool AllowLoopbackHttp { get; set; }
}
