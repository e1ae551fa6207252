using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Security;

namespace OneWindow.Departments;

/// <summary>
/// A unit's admin (or an admin above it on its supervising line, or a platform admin) connects the unit's own
/// system: registers the endpoint its tasks are posted to, rotates its signing secret, disconnects it, and sees
/// and replays the messages that could not be delivered.
/// </summary>
public sealed class DepartmentEndpoints(OneWindowDb db, KeyEncryption encryption, TimeProvider clock, IOptions<WebhookOptions> options)
{
    public const int MaxUrlLength = 500;

    /// <summary>The purpose bound to a wrapped signing secret (see <see cref="KeyEncryption"/>).</summary>
    public const string SecretPurpose = "onewindow/webhook-secret";

    /// <summary>What a unit's endpoint looks like to its admins; the secret is there only when it was just made.</summary>
    public sealed record View(Guid UnitId, string Url, bool Enabled, DateTimeOffset RegisteredAt, string? Secret);

    public async Task<Outcome<View>> GetAsync(Account actor, Guid unitId, CancellationToken ct)
    {
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var endpoint = await db.DepartmentEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.UnitId == unitId, ct);
        return endpoint is null ? new Missing("The unit's system endpoint") : new View(endpoint.UnitId, endpoint.Url, endpoint.Enabled, endpoint.RegisteredAt, null);
    }

    /// <summary>
    /// Registers or changes the endpoint. A new endpoint, or <paramref name="rotateSecret"/>, makes a new signing
    /// secret (Standard Webhooks <c>whsec_</c> form), returned this once.
    /// </summary>
    public async Task<Outcome<View>> RegisterAsync(Account actor, Guid unitId, string? url, bool enabled, bool rotateSecret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        if (!await UnitQueries.ExistsAsync(db, unitId, ct))
        {
            return new Missing("Unit");
        }
        if (CheckUrl(url, options.Value.AllowLoopbackHttp) is { } invalid)
        {
            return ValidationFailed.Single("url", invalid);
        }
        var endpoint = await db.DepartmentEndpoints.FirstOrDefaultAsync(e => e.UnitId == unitId, ct);
        string? secret = null;
        if (endpoint is null || rotateSecret)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            secret = "whsec_" + Convert.ToBase64String(bytes);
            var wrapped = encryption.Wrap(bytes, SecretPurpose);
            CryptographicOperations.ZeroMemory(bytes);
            if (endpoint is null)
            {
                endpoint = new DepartmentEndpoint { UnitId = unitId, Url = url!, EncryptedSecret = wrapped };
                db.DepartmentEndpoints.Add(endpoint);
            }
            else
            {
                endpoint.EncryptedSecret = wrapped;
            }
        }
        endpoint.Url = url!;
        endpoint.Enabled = enabled;
        endpoint.RegisteredAt = clock.GetUtcNow();
        endpoint.RegisteredBy = actor.Id;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new StateConflict(Texts.T("Someone else registered this unit's endpoint just now; look at it again"));
        }
        return new View(endpoint.UnitId, endpoint.Url, endpoint.Enabled, endpoint.RegisteredAt, secret);
    }

    /// <summary>Disconnects the unit's system; what is still undelivered stays on the list for an admin to see.</summary>
    public async Task<Outcome<bool>> RemoveAsync(Account actor, Guid unitId, CancellationToken ct)
    {
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var removed = await db.DepartmentEndpoints.Where(e => e.UnitId == unitId).ExecuteDeleteAsync(ct);
        return removed > 0 ? true : new Missing("The unit's system endpoint");
    }

    /// <summary>One message as an admin sees it on the list (the payload stays in the database: it holds personal data).</summary>
    public sealed record MessageView(string Id, Guid? TaskId, Guid? ApplicationId, string Type, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, int? LastStatus, string? LastError);

    public sealed record MessagePage(IReadOnlyList<MessageView> Items, int Total, int Page, int PageSize);

    public const int MaxPageSize = 200;

    /// <summary>The unit's messages in a state (dead letters by default), newest first.</summary>
    public async Task<Outcome<MessagePage>> MessagesAsync(Account actor, Guid unitId, WebhookState state, int page, int pageSize, CancellationToken ct)
    {
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            return ValidationFailed.Single(page < 1 ? "page" : "pageSize", page < 1 ? Texts.T("must be 1 or more") : Texts.T("must be between 1 and {0}", MaxPageSize));
        }
        var query = db.WebhookMessages.AsNoTracking().Where(m => m.UnitId == unitId && m.State == state);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new MessagePage([.. rows.Select(Describe)], total, page, pageSize);
    }

    /// <summary>Sends a dead letter again: back to pending with a fresh count of attempts, due now.</summary>
    public async Task<Outcome<MessageView>> ReplayAsync(Account actor, string messageId, CancellationToken ct)
    {
        var message = await db.WebhookMessages.FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null)
        {
            return new Missing("Message");
        }
        if (await Authority.CheckAsync(db, actor, message.UnitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var replayed = await db.WebhookMessages.Where(m => m.Id == messageId && m.State == WebhookState.Dead)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, WebhookState.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.DueAt, clock.GetUtcNow().ToUnixTimeMilliseconds()).SetProperty(m => m.LeasedUntil, (long?)null).SetProperty(m => m.LeasedBy, (string?)null), ct);
        if (replayed == 0)
        {
            return new StateConflict(Texts.T("Only an undelivered message (dead letter) is replayed"), EnumText.Of(message.State));
        }
        await db.Entry(message).ReloadAsync(ct);
        return Describe(message);
    }

    /// <summary>What became of one change event for each subscriber: the subscribing unit, the message's state (delivered = acknowledged with a 2xx), attempts, last error.</summary>
    public sealed record DeliveryView(string EventId, Guid UnitId, Guid? SubscriptionId, long? Sequence, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, int? LastStatus, string? LastError);

    /// <summary>The deliveries of the events a shared data record's version caused (the caller has checked who may see them).</summary>
    public async Task<List<DeliveryView>> DeliveriesOfRecordAsync(Guid recordId, CancellationToken ct) =>
        [.. (await db.WebhookMessages.AsNoTracking().Where(m => m.RecordId == recordId).ToListAsync(ct)).OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => new DeliveryView(
            m.Id, m.UnitId, m.SubscriptionId, m.Sequence, EnumText.Of(m.State), m.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt),
            m.DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, m.LastStatus, m.LastError))];

    /// <summary>
    /// Sends a subscription's events again from sequence number <paramref name="from"/> on (the caller has checked who may):
    /// every one not waiting already goes back to pending, due now, with its own id and sequence (a receiver that keeps
    /// what it has seen drops the ones it has). Returns how many.
    /// </summary>
    public async Task<int> ReplaySubscriptionAsync(Guid subscriptionId, long from, CancellationToken ct) =>
        await db.WebhookMessages.Where(m => m.SubscriptionId == subscriptionId && m.Sequence >= from && m.State != WebhookState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, WebhookState.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.DueAt, clock.GetUtcNow().ToUnixTimeMilliseconds()).SetProperty(m => m.LeasedUntil, (long?)null).SetProperty(m => m.LeasedBy, (string?)null), ct);

    private static MessageView Describe(WebhookMessage m) => new(m.Id, m.TaskId, m.ApplicationId, m.Type, EnumText.Of(m.State), m.Attempts,
        DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt), m.DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, m.LastStatus, m.LastError);

    /// <summary>Why <paramref name="url"/> cannot be an endpoint, or null when it can.</summary>
    public static string? CheckUrl(string? url, bool allowLoopbackHttp)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return Texts.T("is required");
        }
        if (url.Length > MaxUrlLength)
        {
            return Texts.T("must be at most {0} characters", MaxUrlLength);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return Texts.T("must be an absolute URL without user name, password or fragment");
        }
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
        return uri.Scheme switch
        {
            "https" => null,
            "http" when loopback && allowLoopbackHttp => null,
            _ => Texts.T("must be an https URL"),
        };
    }
}
