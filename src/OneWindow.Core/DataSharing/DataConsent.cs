namespace OneWindow.DataSharing;

/// <summary>One read made under a consent: which item and version, by which unit, under which grant, which fields.</summary>
public sealed record ConsentRead(string Item, int Version, Guid UnitId, Guid GrantId, Guid ReadId, List<string> Fields);

/// <summary>
/// A person's agreement that the units handling their application read their own shared data to fill the form
/// and stand in for materials (免填单、免提交), given after seeing exactly which data from which department: the
/// reads made under it, a keyed digest of each value it filled (so the application can tell which answers came
/// from the data unchanged without keeping a copy), and the application it was used for — at most one.
/// Recorded in the ledger when given.
/// </summary>
public sealed class DataConsent
{
    /// <summary>How long a consent may wait for its application to be submitted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid PersonId { get; init; }

    /// <summary>The bundle or item applied for.</summary>
    public required string Code { get; init; }

    public required string Purpose { get; init; }

    public DateTimeOffset GivenAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public List<ConsentRead> Reads { get; set; } = [];

    /// <summary>The form fields (and materials) it filled, each with the keyed digest of the value given.</summary>
    public Dictionary<string, string> Digests { get; set; } = [];

    /// <summary>The shared data item each filled field's value came from.</summary>
    public Dictionary<string, string> Sources { get; set; } = [];

    public Guid? UsedFor { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public required byte[] LedgerLeafHash { get; init; }

    public int Version { get; private set; }

    /// <summary>Marks it used for <paramref name="applicationId"/>; a second use is refused by the caller's check and, at once, by <see cref="Version"/>.</summary>
    internal void Use(Guid applicationId, DateTimeOffset now)
    {
        UsedFor = applicationId;
        UsedAt = now;
        Version++;
    }
}
