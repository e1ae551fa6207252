using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Notifications;

/// <summary>
/// A person's inbox: their notifications, newest first, each in their language with the state of its e-mail and SMS;
/// marking one read; their contact details and language for e-mail and SMS. Nobody sees another's notifications.
/// </summary>
public static class Inbox
{
    public const int MaxPageSize = 100;

    public sealed record DeliveryView(NotificationChannel Channel, string Address, DeliveryState State, int Attempts, long? SentAt);

    public sealed record Message(string Title, string Body);

    public sealed record View(Guid Id, NotificationEvent Event, string Title, string Body, string Link, long CreatedAt, bool Read, IReadOnlyList<DeliveryView> Deliveries);

    public sealed record Page(IReadOnlyList<View> Items, int Total, int Unread, int PageNumber, int PageSize);

    public static async Task<Page> MineAsync(Account person, OneWindowDb db, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(db);
        // A person's own, and for staff their unit's (shared by its staff).
        var unit = person.Kind == AccountKind.Staff ? person.UnitId : null;
        var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientId == person.Id || (unit != null && n.RecipientUnitId == unit));
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(n => n.Id).ToList();
        // Only the reader's own deliveries: a unit's notification is sent to each of its staff at their own address.
        var deliveries = (await db.NotificationDeliveries.AsNoTracking().Where(d => ids.Contains(d.NotificationId) && d.RecipientId == person.Id).ToListAsync(ct)).ToLookup(d => d.NotificationId);
        var names = await Catalog.CatalogQueries.ItemNamesAsync(db, [.. rows.Where(n => n.ItemCode is not null).Select(n => n.ItemCode!).Distinct()], ct);
        var bundles = await BundleNamesAsync(db, rows, names, ct);
        return new Page([.. rows.Select(n =>
        {
            var text = Render(n, bundles.GetValueOrDefault(n.ItemCode ?? "") ?? n.ItemCode ?? "");
            return new View(n.Id, n.Event, text.Title, text.Body, n.Link, n.CreatedAt, n.ReadAt is not null,
                [.. deliveries[n.Id].OrderBy(d => d.Channel).Select(d => new DeliveryView(d.Channel, Mask(d.Channel, d.Address), d.State, d.Attempts, d.SentAt))]);
        })], total, unread, page, pageSize);
    }

    private static async Task<Dictionary<string, string>> BundleNamesAsync(OneWindowDb db, List<Notification> rows, Dictionary<string, string> items, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(items, StringComparer.Ordinal);
        foreach (var code in rows.Select(n => n.ItemCode).OfType<string>().Distinct().Where(c => !names.ContainsKey(c)))
        {
            if (await Catalog.CatalogQueries.BundleAsync(db, code, ct) is { } bundle)
            {
                names[code] = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? bundle.NameEn : bundle.Name;
            }
        }
        return names;
    }

    /// <summary>A notification's title and text in the current culture (the reader's, or the recipient's when sent).</summary>
    public static Message Render(Notification notification, string itemName)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var note = notification.Note ?? "";
        return notification.Event switch
        {
            NotificationEvent.Submitted => new(Texts.T("Application submitted"), Texts.T("Your application for {0} has been submitted; case number {1}.", itemName, notification.Reference ?? "")),
            NotificationEvent.SupplementRequested => new(Texts.T("Please supplement your application"), Texts.T("{0}: the department asks for more: {1}", itemName, note)),
            NotificationEvent.Approved => new(Texts.T("Completed"), Texts.T("{0} has been completed.", itemName)),
            NotificationEvent.CertificateIssued => new(Texts.T("Certificate issued"), Texts.T("{0} has been completed and its electronic certificate {1} issued; download it under My certificates.", itemName, notification.Reference ?? "")),
            NotificationEvent.Refused => new(Texts.T("Not approved"), Texts.T("{0} was not approved: {1}", itemName, note)),
            NotificationEvent.BenefitGranted => new(Texts.T("Benefit granted"), Texts.T("{0} has been granted to you without application; see why, or object, under My benefits.", itemName)),
            NotificationEvent.SupplementReceived => new(Texts.T("Supplement received"), Texts.T("{0}: the applicant has answered the supplement request (case {1}).", itemName, notification.Reference ?? "")),
            NotificationEvent.Overdue => new(Texts.T("Overdue"), Texts.T("{0} (case {1}) is past its promised date and has been escalated to the level above.", itemName, notification.Reference ?? "")),
            NotificationEvent.DueSoon => new(Texts.T("Due soon"), Texts.T("{0} (case {1}) falls due by the next working day.", itemName, notification.Reference ?? "")),
            NotificationEvent.RatingInvitation => new(Texts.T("How did we do?"), Texts.T("{0} has been finished. Please rate the service: the link works once, without signing in.", itemName)),
            NotificationEvent.RectificationOpened => new(Texts.T("Poor rating to rectify"), Texts.T("{0} was rated poorly. Verify it, call the person back and rectify by {1}.", itemName, notification.Reference ?? "")),
            NotificationEvent.RectificationOverdue => new(Texts.T("Rectification overdue"), Texts.T("The rectification of a poor rating of {0} was due on {1} and has been escalated to the level above.", itemName, notification.Reference ?? "")),
            NotificationEvent.ReportAnswered => new(Texts.T("Your report has been answered"), Texts.T("Your report {0} of something you could not get done has been answered. Please see the answer and rate it.", notification.Reference ?? "")),
            _ => new(notification.Event.ToString(), ""),
        };
    }

    /// <summary>An address as people and logs may see it.</summary>
    public static string Mask(NotificationChannel channel, string address) =>
        channel == NotificationChannel.Sms ? ContactDetails.MaskPhone(address) : ContactDetails.MaskEmail(address);

    public static async Task<Outcome<bool>> MarkReadAsync(Account person, Guid id, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var unit = person.Kind == AccountKind.Staff ? person.UnitId : null;
        var found = await db.Notifications.Where(n => n.Id == id && (n.RecipientId == person.Id || (unit != null && n.RecipientUnitId == unit))).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return new Missing("Notification");
        }
        found.ReadAt ??= now;
        await db.SaveChangesAsync(ct);
        return true;
    }

}
