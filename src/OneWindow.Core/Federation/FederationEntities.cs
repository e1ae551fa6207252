namespace OneWindow.Federation;

/// <summary>Which way a message went.</summary>
public enum MessageDirection
{
    Out,
    In,
}

public enum MessageState
{
    /// <summary>In this platform's outbox, to be delivered (again).</summary>
    Pending,

    /// <summary>The peer took it (or had taken it before: a 409 for a replayed id).</summary>
    Delivered,

    /// <summary>The peer refused it for good, or every attempt failed.</summary>
    Dead,

    /// <summary>Received from a peer and acted on.</summary>
    Received,
}

/// <summary>
/// A message between regions' platforms. Outgoing ones are the durable outbox (written in the same save as the change
/// they report, leased by one process at a time, retried with backoff); incoming ones are the record of what was
/// received — (direction, peer, id) is unique, so a replayed id is refused. The id is the idempotency id both sides
/// know the message by; the body is fixed once (canonical JSON) and its hash recorded in the ledger of each side.
/// Times are Unix milliseconds.
/// </summary>
public sealed class FederationMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required MessageDirection Direction { get; init; }

    /// <summary>The other platform's region code.</summary>
    public required string Peer { get; init; }

    public required string Type { get; init; }

    /// <summary>The case here: a forwarded case on the forwarding side, the application on the handling side.</summary>
    public Guid CaseId { get; init; }

    /// <summary>For a status report, the case version it was raised by.</summary>
    public int CaseVersion { get; init; }

    /// <summary>The body as canonical JSON; for a status report written when it is first sent (the case as it stands then).</summary>
    public string? Body { get; set; }

    /// <summary>SHA-256 of <see cref="Body"/>, hex.</summary>
    public string? BodyHash { get; set; }

    public MessageState State { get; set; }

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public long? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    public long CreatedAt { get; init; }

    public long? DoneAt { get; set; }
}

/// <summary>Where a case forwarded to another region stands, as the person here sees it.</summary>
public enum ForwardedState
{
    /// <summary>Waiting in the outbox (the other platform not reached yet).</summary>
    Sending,

    /// <summary>Received there and being handled.</summary>
    Handling,

    Completed,

    PartlyCompleted,

    Refused,

    /// <summary>The other platform did not accept it (and said why).</summary>
    NotAccepted,
}

/// <summary>
/// An application made here for a matter another region's platform handles (跨省通办): what the person submitted, where
/// it went, and the latest status report from there (its tasks, timeline and certificates, each certificate verified
/// here with the other region's seal key). Reports are taken only in order of the remote case's version.
/// </summary>
public sealed class ForwardedCase
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ApplicantId { get; init; }

    public required string Peer { get; init; }

    public string? BundleCode { get; init; }

    public string? ItemCode { get; init; }

    public required string Name { get; init; }

    public required string NameEn { get; init; }

    public required string DivisionCode { get; init; }

    public Dictionary<string, string> Form { get; init; } = [];

    public string? IdempotencyKey { get; init; }

    public long SubmittedAt { get; init; }

    public ForwardedState State { get; set; }

    public Guid? RemoteCaseId { get; set; }

    public int RemoteVersion { get; set; }

    /// <summary>The last status report's body (canonical JSON), with each certificate's verification added.</summary>
    public string? Status { get; set; }

    public string? Reason { get; set; }

    public long UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A signing key of this platform for federation messages; the private half wrapped by <c>KeyEncryption</c>.</summary>
public sealed class FederationKey
{
    public required string KeyId { get; init; }

    public required byte[] PublicKey { get; init; }

    public required byte[] WrappedPrivateKey { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>When a newer key replaced it; it stays published for <see cref="FederationOptions.KeyOverlap"/>.</summary>
    public long? RetiredAt { get; set; }
}

/// <summary>A peer's signing key as pinned here: only pinned, unretired keys of the sending region verify its messages.</summary>
public sealed class PeerKey
{
    public required string Region { get; init; }

    public required string KeyId { get; init; }

    public required byte[] PublicKey { get; init; }

    public long PinnedAt { get; init; }

    /// <summary>When the peer stopped publishing it and a re-pin retired it here.</summary>
    public long? RetiredAt { get; set; }
}
