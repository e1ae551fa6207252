using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;

namespace OneWindow.Notifications;

/// <summary>
/// E-mail and SMS from the durable outbox: new notifications get a delivery per channel and person with a contact for it —
/// the person told, or each member of staff of the unit told (unique per notification, channel and person — at most
/// once, even with several processes planning at once); deliveries are
/// leased by one process at a time, retried with doubling delays (+ up to 20 % jitter) and given up after
/// <see cref="NotificationOptions.MaxAttempts"/>; each outcome is recorded only while the lease is still held.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>Plans the deliveries of up to <paramref name="max"/> unplanned notifications, through the channels configured; returns how many were planned.</summary>
    public static async Task<int> PlanAsync(OneWindowDb db, NotificationOptions options, TimeProvider clock, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var pending = await db.Notifications.Where(n => !n.Planned).OrderBy(n => n.CreatedAt).Take(max).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }
        // A person's notification goes to them; a unit's to each of its staff who gave an address (disabled accounts not).
        var people = await AccountQueries.ManyAsync(db, [.. pending.Where(n => n.RecipientId is not null).Select(n => n.RecipientId!.Value).Distinct()], ct);
        var staff = await AccountQueries.ActiveStaffOfAsync(db, [.. pending.Where(n => n.RecipientUnitId is not null).Select(n => n.RecipientUnitId!.Value).Distinct()], ct);
        var ids = pending.Select(n => n.Id).ToList();
        var planned = (await db.NotificationDeliveries.AsNoTracking().Where(d => ids.Contains(d.NotificationId)).Select(d => new { d.NotificationId, d.Channel, d.RecipientId }).ToListAsync(ct))
            .Select(d => (d.NotificationId, d.Channel, d.RecipientId)).ToHashSet();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var notification in pending)
        {
            notification.Planned = true;
            IEnumerable<Account> recipients = notification.RecipientId is { } recipient
                ? (people.GetValueOrDefault(recipient) is { } one ? [one] : [])
                : notification.RecipientUnitId is { } unit ? staff[unit] : [];
            foreach (var person in recipients)
            {
                if (!string.IsNullOrEmpty(person.Email) && !string.IsNullOrEmpty(options.SmtpHost) && !planned.Contains((notification.Id, NotificationChannel.Email, person.Id)))
                {
                    db.NotificationDeliveries.Add(new NotificationDelivery { NotificationId = notification.Id, RecipientId = person.Id, Channel = NotificationChannel.Email, Address = person.Email, NextAttemptAt = now });
                }
                if (!string.IsNullOrEmpty(person.PhoneNumber) && options.SmsUrl is not null && !planned.Contains((notification.Id, NotificationChannel.Sms, person.Id)))
                {
                    db.NotificationDeliveries.Add(new NotificationDelivery { NotificationId = notification.Id, RecipientId = person.Id, Channel = NotificationChannel.Sms, Address = person.PhoneNumber, NextAttemptAt = now });
                }
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // Another process planned them at this moment: its deliveries stand; this round stops, the next reads them as planned.
            db.ChangeTracker.Clear();
            return 0;
        }
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    /// <summary>A delivery leased for sending, with what it needs: the notification and the person (language).</summary>
    public sealed record Claimed(NotificationDelivery Delivery, Notification Notification, Account Recipient, string Language);

    public static async Task<List<Claimed>> ClaimAsync(OneWindowDb db, NotificationOptions options, TimeProvider clock, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Take(max).Select(d => d.Id).ToListAsync(ct);
        var until = now + (long)options.Lease.TotalMilliseconds;
        var claimed = new List<NotificationDelivery>();
        foreach (var id in due)
        {
            var taken = await db.NotificationDeliveries.Where(d => d.Id == id && d.State == DeliveryState.Pending && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until), ct);
            if (taken == 1)
            {
                claimed.Add(await db.NotificationDeliveries.AsNoTracking().FirstAsync(d => d.Id == id, ct));
            }
        }
        var ids = claimed.Select(d => d.NotificationId).Distinct().ToList();
        var notifications = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var people = await AccountQueries.ManyAsync(db, [.. claimed.Select(d => d.RecipientId).Distinct()], ct);
        var languages = await NotificationContact.LanguagesAsync(db, [.. people.Keys], ct);
        var ready = new List<Claimed>();
        foreach (var delivery in claimed)
        {
            if (notifications.GetValueOrDefault(delivery.NotificationId) is { } notification && people.GetValueOrDefault(delivery.RecipientId) is { } person)
            {
                ready.Add(new Claimed(delivery, notification, person, languages.GetValueOrDefault(person.Id, "zh-CN")));
            }
        }
        return ready;
    }

    public static async Task RecordAsync(OneWindowDb db, NotificationOptions options, NotificationDelivery claimed, string? error, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claimed);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await db.NotificationDeliveries.FirstOrDefaultAsync(d => d.Id == claimed.Id && d.LeasedUntil == claimed.LeasedUntil, ct);
        if (row is null)
        {
            return;
        }
        row.Attempts++;
        row.LeasedUntil = null;
        row.LastError = error is null ? null : error[..Math.Min(error.Length, 500)];
        if (error is null)
        {
            row.State = DeliveryState.Sent;
            row.SentAt = now;
        }
        else if (row.Attempts >= options.MaxAttempts)
        {
            row.State = DeliveryState.Dead;
        }
        else
        {
            var delay = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(row.Attempts - 1, 30)));
            row.NextAttemptAt = now + (long)(delay * (1 + (Random.Shared.NextDouble() * 0.2)));
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
