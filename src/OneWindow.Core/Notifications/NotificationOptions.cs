namespace OneWindow.Notifications;

/// <summary>How notifications leave the platform: an SMTP server for e-mail, an SMS provider's HTTP endpoint, and the outbox's retries.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The SMTP server (none: no e-mail is sent; the inbox still has everything).</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>STARTTLS when the server offers it; <c>false</c> only for a relay on loopback.</summary>
    public bool SmtpTls { get; set; } = true;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string From { get; set; } = "OneWindow <noreply@onewindow.local>";

    /// <summary>The SMS provider's send endpoint (none: no SMS is sent).</summary>
    public Uri? SmsUrl { get; set; }

    /// <summary>The provider's API key, sent as a bearer token.</summary>
    public string? SmsApiKey { get; set; }

    /// <summary>The public address links in e-mail and SMS point to.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5080");

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public int MaxAttempts { get; set; } = 10;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
}
