using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Security;
using OneWindow.Storage;

namespace OneWindow.Departments;

/// <summary>
/// The delivering side of the webhook outbox. A deliverer <see cref="ClaimAsync">claims</see> due messages by
/// leasing them with one statement (on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so processes that claim at
/// the same moment take different messages; on SQLite the single writer orders the claims), sends them, and
/// records each outcome only while it still holds the lease. A process killed mid-delivery leaves its lease to
/// expire; the message is then claimed again (at-least-once; the receiver drops a repeated <c>webhook-id</c>).
/// </summary>
public sealed class WebhookOutbox(OneWindowDb db, KeyEncryption encryption, SqliteWriteGate gate, TimeProvider clock, IOptions<WebhookOptions> options)
{
    /// <summary>A claimed message with where it goes; <see cref="Secret"/> is null when the unit has no enabled endpoint any more.</summary>
    public sealed record Claimed(string Id, Guid UnitId, string Payload, int Attempts, string? Url, byte[]? Secret, string? ContentType = null);

    public async Task<IReadOnlyList<Claimed>> ClaimAsync(string node, int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        using var turn = await gate.EnterAsync(!postgres, ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE webhook_messages SET "LeasedBy" = @node, "LeasedUntil" = @until
                WHERE "Id" IN (SELECT "Id" FROM webhook_messages
                    WHERE "State" = 'Pending' AND "DueAt" <= @now AND ("LeasedUntil" IS NULL OR "LeasedUntil" < @now)
                    ORDER BY "DueAt" LIMIT @limit{(postgres ? " FOR UPDATE SKIP LOCKED" : "")})
                RETURNING "Id", "UnitId", "Payload", "Attempts", "ContentType"
                """;
            command.AddParameter("@node", node);
            command.AddParameter("@until", (now + options.Value.Lease).ToUnixTimeMilliseconds());
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            command.AddParameter("@limit", limit);
            var rows = new List<(string Id, Guid UnitId, string Payload, int Attempts, string? ContentType)>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var unit = reader.GetValue(1) is Guid g ? g : Guid.Parse(reader.GetString(1));
                    rows.Add((reader.GetString(0), unit, reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
                }
            }
            if (rows.Count == 0)
            {
                return [];
            }
            var units = rows.Select(r => r.UnitId).Distinct().ToList();
            var endpoints = await db.DepartmentEndpoints.AsNoTracking().Where(e => units.Contains(e.UnitId) && e.Enabled).ToDictionaryAsync(e => e.UnitId, ct);
            var secrets = endpoints.ToDictionary(e => e.Key, e => encryption.Unwrap(e.Value.EncryptedSecret, DepartmentEndpoints.SecretPurpose));
            return [.. rows.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new Claimed(r.Id, r.UnitId, r.Payload, r.Attempts,
                endpoints.TryGetValue(r.UnitId, out var e) ? e.Url : null, secrets.GetValueOrDefault(r.UnitId), r.ContentType))];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What one attempt came to: the status the endpoint answered (if it did), and what went wrong (null on 2xx).</summary>
    public sealed record Attempt(Claimed Message, int? Status, string? Error);

    /// <summary>
    /// Records a batch of attempts in one transaction (one write for the batch, not one per message; on SQLite in
    /// its turn at the single writer). Returns each message's new state, or null where the lease was lost.
    /// </summary>
    public async Task<IReadOnlyList<WebhookState?>> RecordAsync(string node, IReadOnlyList<Attempt> attempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var states = new WebhookState?[attempts.Count];
        using var turn = await gate.EnterAsync(db.Database.IsSqlite(), ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < attempts.Count; i++)
        {
            var (message, status, error) = attempts[i];
            states[i] = error is null
                ? await DeliveredAsync(node, message.Id, status ?? 200, ct) ? WebhookState.Delivered : null
                : await FailedAsync(node, message, status, error, ct);
        }
        await transaction.CommitAsync(ct);
        return states;
    }

    /// <summary>The endpoint answered 2xx. False when the lease was lost (another deliverer holds the message now).</summary>
    public async Task<bool> DeliveredAsync(string node, string id, int status, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.WebhookMessages.Where(m => m.Id == id && m.LeasedBy == node && m.State == WebhookState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, WebhookState.Delivered).SetProperty(m => m.DeliveredAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastStatus, status)
                .SetProperty(m => m.LeasedUntil, (long?)null).SetProperty(m => m.LeasedBy, (string?)null), ct) == 1;
    }

    /// <summary>
    /// The attempt failed (<paramref name="status"/> when the endpoint answered, <paramref name="error"/> what
    /// happened): due again after the backoff, or on the dead-letter list after the last attempt. Returns the new state.
    /// </summary>
    public async Task<WebhookState?> FailedAsync(string node, Claimed message, int? status, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attempts = message.Attempts + 1;
        var dead = attempts >= options.Value.MaxAttempts || message.Url is null;
        var due = (clock.GetUtcNow() + RetryDelay(attempts, options.Value)).ToUnixTimeMilliseconds();
        var state = dead ? WebhookState.Dead : WebhookState.Pending;
        var reason = error.Length > 500 ? error[..500] : error;
        var changed = await db.WebhookMessages.Where(m => m.Id == message.Id && m.LeasedBy == node && m.State == WebhookState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, state).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.DueAt, due)
                .SetProperty(m => m.LastStatus, status).SetProperty(m => m.LastError, reason)
                .SetProperty(m => m.LeasedUntil, (long?)null).SetProperty(m => m.LeasedBy, (string?)null), ct);
        return changed == 1 ? state : null;
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failure: doubling from the first delay, capped, with up to 20 % jitter.</summary>
    public static TimeSpan RetryDelay(int attempts, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doubled = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + (Random.Shared.NextDouble() * 0.2)));
    }
}
