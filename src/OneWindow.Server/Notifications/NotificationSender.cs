using System.Globalization;
using Microsoft.Extensions.Options;
using OneWindow.Identity;
using OneWindow.Notifications;

namespace OneWindow.Server.Notifications;

/// <summary>
/// Works the notification outbox: plans each new notification's e-mail and SMS from the person's contact details, then
/// sends what is due — written in the person's language from the resource files, with a link to follow — and records
/// each outcome (retried with backoff, given up after the last attempt). Addresses appear in logs only masked. One per
/// process; processes share the outbox through its leases.
/// </summary>
public sealed partial class NotificationSender(IServiceScopeFactory scopes, NotificationDispatch dispatch, SmtpEmailSender email, ISmsSender sms,
    IOptions<NotificationOptions> options, TimeProvider clock, ILogger<NotificationSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Wake()
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        dispatch.Staged += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RoundAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(logger, ex.GetType().Name);
                }
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            dispatch.Staged -= Wake;
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        while (await NotificationOutbox.PlanAsync(db, options.Value, clock, 100, ct) > 0)
        {
        }
        List<NotificationOutbox.Claimed> claimed;
        do
        {
            claimed = await NotificationOutbox.ClaimAsync(db, options.Value, clock, 20, ct);
            foreach (var item in claimed)
            {
                var error = await SendAsync(db, item, ct);
                await NotificationOutbox.RecordAsync(db, options.Value, item.Delivery, error, clock, ct);
            }
        }
        while (claimed.Count > 0);
    }

    /// <summary>Sends one delivery; null when sent, otherwise why not (without the address).</summary>
    private async Task<string?> SendAsync(OneWindowDb db, NotificationOutbox.Claimed item, CancellationToken ct)
    {
        var (delivery, notification, _, preferred) = item;
        var language = preferred == "en" ? "en" : "zh-CN";
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var itemName = notification.ItemCode is null ? "" : await NameAsync(db, notification.ItemCode, language, ct);
            var text = Inbox.Render(notification, itemName);
            var link = new Uri(options.Value.BaseUrl, notification.Link).ToString();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            if (delivery.Channel == NotificationChannel.Email)
            {
                if (!email.Configured)
                {
                    return "no SMTP server is configured";
                }
                await email.SendAsync(delivery.Address, text.Title, text.Body + "\n\n" + link, language, timeout.Token);
            }
            else
            {
                if (!sms.Configured)
                {
                    return "no SMS provider is configured";
                }
                await sms.SendAsync(delivery.Address, $"【{OneWindow.Common.Texts.T("OneWindow")}】{text.Body} {link}", timeout.Token);
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or System.Net.Sockets.SocketException or MailKit.Net.Smtp.SmtpCommandException
            or MailKit.Net.Smtp.SmtpProtocolException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException && !ct.IsCancellationRequested)
        {
            var masked = delivery.Channel == NotificationChannel.Email ? ContactDetails.MaskEmail(delivery.Address) : ContactDetails.MaskPhone(delivery.Address);
            LogNotSent(logger, delivery.Channel, masked, ex.GetType().Name);
            return ex.GetType().Name + ": " + ex.Message.Replace(delivery.Address, masked, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    private static async Task<string> NameAsync(OneWindowDb db, string code, string language, CancellationToken ct)
    {
        if ((await OneWindow.Catalog.CatalogQueries.ItemsAsync(db, [code], ct)).GetValueOrDefault(code) is { } item)
        {
            return language == "en" ? item.NameEn : item.Name;
        }
        return await OneWindow.Catalog.CatalogQueries.BundleAsync(db, code, ct) is { } bundle ? (language == "en" ? bundle.NameEn : bundle.Name) : code;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Notifications: {Channel} to {Address} not sent ({Reason}); tried again later")]
    private static partial void LogNotSent(ILogger logger, NotificationChannel channel, string address, string reason);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Notifications: a round failed ({ExceptionType}); deliveries are taken again when their lease ends")]
    private static partial void LogRoundFailed(ILogger logger, string exceptionType);
}
