namespace OneWindow.Notifications;

/// <summary>What a person is told of.</summary>
public enum NotificationEvent
{
    Submitted,
    SupplementRequested,
    Approved,
    CertificateIssued,
    Refused,
    BenefitGranted,

    /// <summary>To the unit: the applicant answered its supplement request.</summary>
    SupplementReceived,

    /// <summary>To the unit and the unit above: a task passed its promised date and was escalated.</summary>
    Overdue,

    /// <summary>To the unit: an open task falls due today or on the next working day.</summary>
    DueSoon,

    /// <summary>To the person: a finished matter is still unrated (智能邀评), with a single-use rating link.</summary>
    RatingInvitation,

    /// <summary>To the unit: a 差评 opened a rectification case, due in 15 working days.</summary>
    RectificationOpened,

    /// <summary>To the unit and the unit above: a rectification passed its due date and was escalated.</summary>
    RectificationOverdue,

    /// <summary>To the person: their report of something they could not get done (办不成事) was answered.</summary>
    ReportAnswered,
}

/// <summary>The ways a notification reaches a person besides the in-app inbox.</summary>
public enum NotificationChannel
{
    Email,
    Sms,
}

public enum DeliveryState
{
    Pending,
    Sent,
    Dead,
}

/// <summary>
/// A notification in a person's inbox (the in-app channel): which event, about what (an application, a benefit), with
/// the values its template needs; the words are drawn from the resource files in the reader's language when shown or
/// sent. It is written in the transaction of the change it tells of, so it exists exactly when that change committed
/// (once); its key names the event. Times are Unix ms.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The person told; null for a notification to a unit (<see cref="RecipientUnitId"/>), which its staff share.</summary>
    public Guid? RecipientId { get; init; }

    public Guid? RecipientUnitId { get; init; }

    public required NotificationEvent Event { get; init; }

    /// <summary>The event's identity (the task, its state and the moment): a save retried in the same unit of work adds it once.</summary>
    public required string Key { get; init; }

    /// <summary>Where to follow it, relative to the site (/Cases/…, /Benefits).</summary>
    public required string Link { get; init; }

    /// <summary>The catalog item concerned (its name is shown), if any.</summary>
    public string? ItemCode { get; init; }

    /// <summary>The case or benefit number shown.</summary>
    public string? Reference { get; init; }

    /// <summary>A refusal's or supplement's reason, as staff wrote it.</summary>
    public string? Note { get; init; }

    public long CreatedAt { get; init; }

    public long? ReadAt { get; set; }

    /// <summary>Whether its e-mail and SMS deliveries were planned (from the person's contact details at that moment).</summary>
    public bool Planned { get; set; }
}

/// <summary>
/// One notification sent through one channel to one person (the durable outbox of e-mail and SMS): (notification,
/// channel, person) is unique — at most once per event, channel and person (a unit's notification reaches each of its
/// staff who gave an address); leased by one process at a time, retried with doubling delays, its
/// state shown to the person. The address is kept for the attempt and never logged unmasked.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid NotificationId { get; init; }

    /// <summary>Whom it is sent to: the notification's person, or one member of staff of its unit.</summary>
    public required Guid RecipientId { get; init; }

    public required NotificationChannel Channel { get; init; }

    public required string Address { get; init; }

    public DeliveryState State { get; set; }

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public long? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    public long? SentAt { get; set; }
}

/// <summary>The language a person's e-mail and SMS are written in (zh-CN unless they chose en).</summary>
public sealed class NotificationPreference
{
    public required Guid AccountId { get; init; }

    public string Language { get; set; } = "zh-CN";
}
