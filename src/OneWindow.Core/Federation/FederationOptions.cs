namespace OneWindow.Federation;

/// <summary>
/// This platform's place among the regions' platforms (跨省通办): the province it serves and the peers it trusts. Without
/// a region the platform does not federate. Every peer is named by its province code (the first two digits of the
/// division codes it serves) and its base URL; its signing keys are fetched once and pinned (<see cref="FederationKeys"/>).
/// </summary>
public sealed class FederationOptions
{
    public const string Section = "Federation";

    /// <summary>The two-digit province code this platform serves, e.g. 45 (广西); null: no federation.</summary>
    public string? Region { get; set; }

    public List<Peer> Peers { get; set; } = [];

    /// <summary>How long a signed message is valid after it is signed (its <c>exp</c>).</summary>
    public TimeSpan MessageLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far another platform's clock may be off: a message signed further in the future, or expired longer ago, is refused.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a rotated key of this platform stays published, so that messages signed just before the rotation still verify.</summary>
    public TimeSpan KeyOverlap { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before a message is given up (dead); with the delays above about a day.</summary>
    public int MaxAttempts { get; set; } = 300;

    /// <summary>How long a claimed message is held by one process (longer than <see cref="Timeout"/>).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Plain HTTP to peers on loopback (tests, a demo on one machine); otherwise peers are reached over HTTPS only.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>The share of the eligible amount the fund pays in a cross-region settlement (异地就医直接结算), by scheme as the enrolment names it.</summary>
    public Dictionary<string, decimal> SettlementRatios { get; set; } = new(StringComparer.Ordinal)
    {
        ["职工基本医疗保险"] = 0.80m,
        ["城乡居民基本医疗保险"] = 0.60m,
    };

    public bool Enabled => !string.IsNullOrEmpty(Region);

    /// <summary>The peer that serves the province of <paramref name="divisionCode"/>, or null when this platform does (or nobody configured does).</summary>
    public Peer? PeerFor(string? divisionCode) =>
        !Enabled || divisionCode is not { Length: >= 2 } || divisionCode.StartsWith(Region!, StringComparison.Ordinal)
            ? null
            : Peers.FirstOrDefault(p => divisionCode.StartsWith(p.Region, StringComparison.Ordinal));

    public Peer? PeerNamed(string? region) => Peers.FirstOrDefault(p => p.Region == region);

    public sealed class Peer
    {
        public string Region { get; set; } = "";

        public Uri? BaseUrl { get; set; }
    }
}
