namespace OneWindow.Departments;

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

    /// <summary>The task a task event is about; null for a change event of shared data.</summary>
    public Guid? TaskId { get; init; }

    public Guid? ApplicationId { get; init; }

    /// <summary>For a change event of shared data: the subscription, its sequence number, and the record version it announces.</summary>
    public Guid? SubscriptionId { get; init; }

    public long? Sequence { get; init; }

    public Guid? RecordId { get; init; }

    /// <summary>The event type, e.g. <c>task.queued</c> or <c>data.changed</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The body's media type when it is not plain JSON (<c>application/cloudevents+json</c> for change events).</summary>
    public string? ContentType { get; init; }

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

    /// <summary>When a message was staged, read back from its time-ordered id ("msg_" + GUID v7); null for an id of another shape.</summary>
    public static DateTimeOffset? StagedAt(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 36 || !id.StartsWith("msg_", StringComparison.Ordinal) || !Guid.TryParseExact(id[4..], "N", out var guid) || guid.Version != 7)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        long ms = 0;
        for (var i = 0; i < 6; i++) // the first 48 bits: Unix milliseconds (RFC 9562)
        {
            ms = (ms << 8) | bytes[i];
        }
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
