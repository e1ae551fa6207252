using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    public sealed record Written(string ItemCode, int Version, DateTimeOffset WrittenAt);

    public static async Task<Outcome<Written>> HandleAsync(Account actor, string itemCode, string? subject, JsonElement? data,
        OneWindowDb db, SharedDataItems items, SubjectKeys keys, LedgerWriter ledger, TimeProvider clock, CancellationToken ct)
    {
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
        var version = await db.SharedDataRecords.Where(r => r.ItemCode == item.Code && r.SubjectHash == hash).MaxAsync(r => (int?)r.Version, ct) ?? 0;
        var stored = JsonSerializer.Serialize(record, JsonDefaults.Options);
        var leaf = LedgerOutbox.Stage(db, LedgerEvent.Create("data.written", $"data:{item.Code}:{hash}", $"uscc:{unit.CreditCode}", now, new
        {
            item = item.Code,
            version = version + 1,
            recordSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored))),
        }));
        db.SharedDataRecords.Add(new SharedDataRecord
        {
            ItemCode = item.Code, SubjectHash = hash, Version = version + 1, Data = stored, UnitId = unit.Id, WrittenBy = actor.Id, WrittenAt = now, LedgerLeafHash = leaf,
        });
        try
        {
            await db.SaveChangesAsync(ct); // the record and its ledger entry commit together
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return new StateConflict("Someone wrote this subject's record just now; read it and write again", "written");
        }
        ledger.Wake();
        return new Written(item.Code, version + 1, now);
    }
}
