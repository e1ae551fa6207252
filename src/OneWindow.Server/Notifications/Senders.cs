using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using OneWindow.Notifications;

namespace OneWindow.Server.Notifications;

/// <summary>Sends an SMS through a provider. One adapter ships (<see cref="HttpSmsSender"/>); a provider with another API is another implementation.</summary>
public interface ISmsSender
{
    bool Configured { get; }

    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>
/// The SMS provider's HTTP API: <c>POST {SmsUrl}</c> with <c>{"to": "+86…", "text": "…"}</c> as JSON and the API key as a
/// bearer token; any answer but 2xx is a failure (the outbox tries again).
/// </summary>
public sealed class HttpSmsSender(IHttpClientFactory clients, IOptions<NotificationOptions> options) : ISmsSender
{
    public const string HttpClientName = "sms";

    public bool Configured => options.Value.SmsUrl is not null;

    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.SmsUrl) { Content = JsonContent.Create(new { to = "+86" + phone, text }) };
        if (settings.SmsApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the SMS provider answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}

/// <summary>E-mail over SMTP with MailKit: STARTTLS when offered (unless <see cref="NotificationOptions.SmtpTls"/> is off), authenticated when a user is set.</summary>
public sealed class SmtpEmailSender(IOptions<NotificationOptions> options)
{
    public bool Configured => !string.IsNullOrEmpty(options.Value.SmtpHost);

    public async Task SendAsync(string address, string subject, string body, string language, CancellationToken ct)
    {
        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(address));
        message.Subject = subject;
        message.Headers.Add(HeaderId.ContentLanguage, language);
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("No SMTP server is configured."), settings.SmtpPort, settings.SmtpTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
