using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Ledger;

namespace OneWindow.Federation;

/// <summary>
/// The outgoing side of the messages: queued in the business save, claimed by one process at a time (a lease that
/// expires if the process dies), given their body when first sent, and recorded as delivered, to be retried with
/// doubling delays, or dead — each only while the lease is still held. Every message's body enters this platform's
/// ledger (<c>federation.sent</c>: id, type, peer, case, SHA-256 of the body) before it is first sent.
/// </summary>
public static class FederationOutbox
{
    /// <summary>Adds a message to <paramref name="db"/>'s unit of work (with its ledger entry when the body is known now).</summary>
    public static FederationMessage Queue(OneWindowDb db, FederationOptions options, string peer, string type, Guid caseId, int caseVersion, JsonObject? body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var message = new FederationMessage
        {
            Direction = MessageDirection.Out,
            Peer = peer,
            Type = type,
            CaseId = caseId,
            CaseVersion = caseVersion,
            State = MessageState.Pending,
            CreatedAt = now.ToUnixTimeMilliseconds(),
            NextAttemptAt = now.ToUnixTimeMilliseconds(),
        };
        if (body is not null)
        {
            Fix(db, options, message, body, now);
        }
        db.FederationMessages.Add(message);
        return message;
    }

    private static void Fix(OneWindowDb db, FederationOptions options, FederationMessage message, JsonObject body, DateTimeOffset now)
    {
        (message.Body, message.BodyHash) = FederationEnvelope.Canonical(body);
        LedgerOutbox.Stage(db, Record("federation.sent", options.Region!, message, now));
    }

    /// <summary>The ledger event of a message sent or received: never its body, only the body's hash.</summary>
    public static LedgerEvent Record(string type, string region, FederationMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return LedgerEvent.Create(type, $"federation/{message.Peer}/{message.Id}", "platform:" + region, now,
            new { message = message.Id, kind = message.Type, peer = message.Peer, @case = message.CaseId, body = message.BodyHash });
    }

    /// <summary>Leases up to <paramref name="max"/> due outgoing messages for this process.</summary>
    public static async Task<List<FederationMessage>> ClaimAsync(OneWindowDb db, FederationOptions options, TimeProvider clock, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.FederationMessages.AsNoTracking()
            .Where(m => m.Direction == MessageDirection.Out && m.State == MessageState.Pending && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(max).Select(m => new { m.Peer, m.Id }).ToListAsync(ct);
        var until = now + (long)options.Lease.TotalMilliseconds;
        var claimed = new List<FederationMessage>();
        foreach (var candidate in due)
        {
            // Conditional: of two processes only one moves the lease.
            var taken = await db.FederationMessages
                .Where(m => m.Direction == MessageDirection.Out && m.Peer == candidate.Peer && m.Id == candidate.Id && m.State == MessageState.Pending && (m.LeasedUntil == null || m.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until), ct);
            if (taken == 1)
            {
                claimed.Add(await db.FederationMessages.AsNoTracking().FirstAsync(m => m.Direction == MessageDirection.Out && m.Peer == candidate.Peer && m.Id == candidate.Id, ct));
            }
        }
        return claimed;
    }

    /// <summary>Gives a claimed status report its body (the case as it stands now) and its ledger entry, once.</summary>
    public static async Task<FederationMessage> PrepareAsync(OneWindowDb db, FederationOptions options, FederationMessage message, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Body is not null)
        {
            return message;
        }
        var tracked = await db.FederationMessages.FirstAsync(m => m.Direction == MessageDirection.Out && m.Peer == message.Peer && m.Id == message.Id, ct);
        var body = await CaseReport.BuildAsync(db, message.CaseId, ct) ?? new JsonObject { ["caseId"] = message.CaseId.ToString(), ["missing"] = true };
        Fix(db, options, tracked, body, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        db.Entry(tracked).State = EntityState.Detached;
        return tracked;
    }

    /// <summary>Records the outcome of an attempt, if this process still holds the lease; a forward refused for good tells the person why.</summary>
    public static async Task RecordAsync(OneWindowDb db, FederationOptions options, FederationMessage message, Attempt attempt, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);
        var now = clock.GetUtcNow();
        var row = await db.FederationMessages.FirstOrDefaultAsync(m => m.Direction == MessageDirection.Out && m.Peer == message.Peer && m.Id == message.Id && m.LeasedUntil == message.LeasedUntil, ct);
        if (row is null)
        {
            return; // the lease expired and another process took it
        }
        row.Attempts++;
        row.LeasedUntil = null;
        row.LastError = attempt.Error is null ? null : attempt.Error[..Math.Min(attempt.Error.Length, 1000)];
        var dead = !attempt.Delivered && (attempt.Permanent || row.Attempts >= options.MaxAttempts);
        if (attempt.Delivered || dead)
        {
            row.State = attempt.Delivered ? MessageState.Delivered : MessageState.Dead;
            row.DoneAt = now.ToUnixTimeMilliseconds();
        }
        else
        {
            var delay = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(row.Attempts - 1, 30)));
            row.NextAttemptAt = now.ToUnixTimeMilliseconds() + (long)(delay * (0.8 + (Random.Shared.NextDouble() * 0.4)));
        }
        if (row.Type == ForwardApplication.Type && await db.ForwardedCases.FirstOrDefaultAsync(c => c.Id == row.CaseId, ct) is { } forwarded)
        {
            if (attempt.Delivered && forwarded.State == ForwardedState.Sending)
            {
                forwarded.State = ForwardedState.Handling;
                forwarded.UpdatedAt = now.ToUnixTimeMilliseconds();
                forwarded.Version++;
            }
            else if (dead && forwarded.State == ForwardedState.Sending)
            {
                forwarded.State = ForwardedState.NotAccepted;
                forwarded.Reason = row.LastError;
                forwarded.UpdatedAt = now.ToUnixTimeMilliseconds();
                forwarded.Version++;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A status report moved the forwarded case at this moment: the message's outcome is recorded on the next attempt.
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>What came of one attempt: delivered, or an error and whether it is final (the peer refused the message itself).</summary>
    public sealed record Attempt(bool Delivered, bool Permanent, string? Error)
    {
        public static readonly Attempt Success = new(true, false, null);
    }
}
