namespace OneWindow.Departments;

/// <summary>
/// A unit's own system (部门业务系统), registered to receive that unit's tasks as signed webhooks instead of
/// (or besides) handling them in the staff workbench. The signing secret is kept wrapped under the
/// key-encryption key and shown to the unit's admin once, when it is made.
/// </summary>
public sealed class DepartmentEndpoint
{
    public required Guid UnitId { get; init; }

    /// <summary>Where tasks are posted: HTTPS (plain HTTP only to a loopback address, and only when configured).</summary>
    public required string Url { get; set; }

    /// <summary>The Standard Webhooks signing secret, wrapped with AES-256-GCM under the key-encryption key.</summary>
    public required byte[] EncryptedSecret { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset RegisteredAt { get; set; }

    public Guid RegisteredBy { get; set; }
}

/// <summary>Where one webhook message stands.</summary>
public enum WebhookState
{
    Pending,   // waiting for its (next) attempt
    Delivered, // the department's endpoint answered 2xx
    Dead,      // every attempt failed: on the dead-letter list until an admin replays it
}

/// <summary>
/// One message to a department's endpoint (a durable outbox row), written in the same transaction as the task
/// change it reports, delivered at least once with retries and backoff, and identified by
/// <see cref="Id"/> — the <c>webhook-id</c> a receiver uses to ignore a repeat. Times are Unix milliseconds
/// so that both providers compare them in SQL.
/// </summary>
public sealed class WebhookMessage
{
    /// <summary>"msg_" and a time-ordered GUID: the Standard Webhooks <c>webhook-id</c>.</summary>
    public required string Id { get; init; }

    public required Guid UnitId { get; init; }

    public required Guid TaskId { get; init; }

    public required Guid ApplicationId { get; init; }

    /// <summary>The event type, e.g. <c>task.queued</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The exact JSON body that is signed and sent.</summary>
    public required string Payload { get; init; }

    public long CreatedAt { get; init; }

    public WebhookState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not attempted before this time.</summary>
    public long DueAt { get; set; }

    /// <summary>While a delivering process holds the message: nobody else takes it before this time.</summary>
    public long? LeasedUntil { get; set; }

    public string? LeasedBy { get; set; }

    public long? DeliveredAt { get; set; }

    /// <summary>What the last failed attempt got: the HTTP status, or what went wrong (timeout, refused).</summary>
    public int? LastStatus { get; set; }

    public string? LastError { get; set; }
}
