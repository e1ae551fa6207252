using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.DataSharing;

/// <summary>
/// The owner department writes the record a shared data item holds about a subject: checked against the item's
/// schema, stored as the subject's next version, and recorded in the ledger in the same transaction — by item,
/// version, the subject's keyed hash and the record's SHA-256, never the data itself.
/// </summary>
public static class WriteRecord
{
    public const int MaxRecordBytes = 32 * 1024;

    /// <param name="Subscribers">How many subscribers' systems the change is being pushed to.</param>
    public sealed record Written(string ItemCode, int Version, DateTimeOffset WrittenAt, Guid RecordId, int Subscribers);

    public static async Task<Outcome<Written>> HandleAsync(Account actor, string itemCode, string? subject, JsonElement? data,
        OneWindowDb db, SharedDataItems items, SubjectKeys keys, LedgerWriter ledger, IChangeOutbox changes, SqliteWriteGate gate, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(clock);
        var item = await SharedDataItems.FindAsync(db, itemCode, ct);
        if (item is null)
        {
            return new Missing("Shared data item");
        }
        if (await SharedDataAccess.RefuseWriterAsync(db, actor, item, ct) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        var who = SharedDataAccess.Subject(item, subject, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!who.Succeeded)
        {
            return who.Failure!;
        }
        if (data is not { ValueKind: JsonValueKind.Object } record)
        {
            return ValidationFailed.Single("data", "must be a JSON object");
        }
        var text = record.GetRawText();
        if (Encoding.UTF8.GetByteCount(text) > MaxRecordBytes)
        {
            return ValidationFailed.Single("data", $"must be at most {MaxRecordBytes / 1024} KB");
        }
        var violations = items.Violations(item, record);
        if (violations.Count > 0)
        {
            return new ValidationFailed(violations);
        }
        var unit = (await UnitQueries.FindAsync(db, actor.UnitId!.Value, ct))!;
        var hash = keys.Of(item.Subject, who.Value!);
        // One transaction: the record, its ledger entry, and the subscribers' events with their sequence numbers — on
        // SQLite in its turn with this process's other writers (the ledger, the deliverers), never meeting SQLITE_BUSY.
        var turn = await gate.EnterAsync(db.Database.IsSqlite(), ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var previous = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == item.Code && r.SubjectHash == hash)
            .OrderByDescending(r => r.Version).Select(r => new { r.Version, r.Data }).FirstOrDefaultAsync(ct);
        var version = previous?.Version ?? 0;
        var stored = JsonSerializer.Serialize(record, JsonDefaults.Options);
        var leaf = LedgerOutbox.Stage(db, LedgerEvent.Create("data.written", $"data:{item.Code}:{hash}", $"uscc:{unit.CreditCode}", now, new
        {
            item = item.Code,
            version = version + 1,
            recordSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored))),
        }));
        var row = new SharedDataRecord
        {
            ItemCode = item.Code, SubjectHash = hash, Version = version + 1, Data = stored, UnitId = unit.Id, WrittenBy = actor.Id, WrittenAt = now, LedgerLeafHash = leaf,
        };
        db.SharedDataRecords.Add(row);
        List<ChangeDelivery> deliveries;
        try
        {
            deliveries = await ChangeEvents.PlanAsync(db, item, row, who.Value!, unit,
                previous is null ? null : JsonNode.Parse(previous.Data)!.AsObject(), JsonNode.Parse(stored)!.AsObject(), now, ct);
            changes.Stage(db, deliveries);
            await db.SaveChangesAsync(ct); // the record, its ledger entry and its events commit together
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return new StateConflict("Someone wrote this subject's record just now; read it and write again", "written");
        }
        finally
        {
            await transaction.DisposeAsync(); // rolled back unless committed, before the next writer's turn
            turn.Dispose();
        }
        ledger.Wake();
        if (deliveries.Count > 0)
        {
            changes.Committed();
        }
        return new Written(item.Code, version + 1, now, row.Id, deliveries.Count);
    }
}
