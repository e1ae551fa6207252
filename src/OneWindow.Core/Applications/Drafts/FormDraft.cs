namespace OneWindow.Applications.Drafts;

/// <summary>
/// A form saved part-way ("save and continue later", as long government forms allow): one per person and
/// bundle or item, kept for <see cref="DraftOptions.KeptFor"/> after its last save and removed when the
/// application is submitted. Never checked beyond what storing it safely needs — it is not an application.
/// </summary>
public sealed class FormDraft
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ApplicantId { get; init; }

    /// <summary>The bundle's or the item's code.</summary>
    public required string Code { get; init; }

    public string? DivisionCode { get; set; }

    public Dictionary<string, string> Fields { get; set; } = [];

    public DeliveryMethod? Delivery { get; set; }

    public string? DeliveryAddress { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset SavedAt { get; set; }

    /// <summary>Raised on every save: two tabs saving at once do not silently overwrite each other's newer answers out of order.</summary>
    public int Version { get; set; }
}

/// <summary>Configuration section <c>Drafts</c>.</summary>
public sealed class DraftOptions
{
    public const string Section = "Drafts";

    /// <summary>How long a draft is kept after its last save.</summary>
    public TimeSpan KeptFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many drafts one person may keep at once.</summary>
    public int MaxPerApplicant { get; set; } = 20;
}
