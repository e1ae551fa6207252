using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.DataSharing;

/// <summary>
/// A consumer unit reads a subject's current record, naming its purpose: allowed only under an approved,
/// unexpired grant to that unit for that item, purpose and those fields. It gets the granted fields and nothing
/// else; the read is kept for the person's data log and recorded in the ledger (item, version, the subject's
/// keyed hash, purpose, grant) in one transaction. A refused read writes nothing and says why.
/// </summary>
public static class ReadRecord
{
    public sealed record Request(string? Subject, string? Purpose, IReadOnlyList<string>? Fields);

    public sealed record Result(string ItemCode, int Version, DateTimeOffset WrittenAt, Guid GrantId, JsonObject Data, Guid ReadId);

    public static async Task<Outcome<Result>> HandleAsync(Account actor, string itemCode, Request request, OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(clock);
        var item = await SharedDataItems.FindAsync(db, itemCode, ct);
        if (item is null)
        {
            return new Missing("Shared data item");
        }
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } unitId)
        {
            return new Forbidden("Only staff of a unit holding a grant read shared data");
        }
        var who = SharedDataAccess.Subject(item, request.Subject, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!who.Succeeded)
        {
            return who.Failure!;
        }
        var purpose = TextInput.Clean(request.Purpose ?? "");
        if (purpose.Length == 0)
        {
            return ValidationFailed.Single("purpose", "name the purpose of the read, as the grant states it");
        }
        var fields = request.Fields is { Count: > 0 } asked ? asked.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList() : null;
        return await ForUnitAsync(unitId, actor.Id, item, who.Value!, purpose, fields, db, keys, recorder, clock, ct);
    }

    /// <summary>
    /// The read itself, for <paramref name="unitId"/> (its staff member <paramref name="readerId"/>, or
    /// <see cref="Guid.Empty"/> when the platform reads for the unit, as the real-name check does), of a checked
    /// subject: grant, record, the granted fields, and the read recorded.
    /// </summary>
    internal static async Task<Outcome<Result>> ForUnitAsync(Guid unitId, Guid readerId, SharedDataItem item, string subject, string purpose, List<string>? fields,
        OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grants = await db.DataGrants.AsNoTracking().Where(g => g.ItemCode == item.Code && g.ConsumerUnitId == unitId).ToListAsync(ct);
        var grant = grants.Where(g => g.Refuses(purpose, fields ?? g.Fields, now) is null).OrderByDescending(g => g.ExpiresAt).FirstOrDefault();
        if (grant is null)
        {
            var closest = grants.Where(g => g.Purpose == purpose).OrderByDescending(g => g.RequestedAt).FirstOrDefault() ?? grants.OrderByDescending(g => g.RequestedAt).FirstOrDefault();
            return new Forbidden(closest is null
                ? $"Your unit has no grant to read {item.Name}"
                : $"Your unit's grant does not cover this read: {closest.Refuses(purpose, fields ?? closest.Fields, now)}");
        }
        var hash = keys.Of(item.Subject, subject);
        var record = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == item.Code && r.SubjectHash == hash)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return new Missing("Record");
        }
        var given = fields ?? grant.Fields;
        var all = JsonNode.Parse(record.Data)!.AsObject();
        var data = new JsonObject();
        foreach (var name in given.Where(all.ContainsKey))
        {
            data[name] = all[name]!.DeepClone();
        }
        var unit = (await UnitQueries.FindAsync(db, unitId, ct))!;
        var readId = Guid.CreateVersion7(); // names this read in the ledger: two reads in one second stay two entries
        var entry = LedgerEvent.Create("data.read", $"data:{item.Code}:{hash}", $"uscc:{unit.CreditCode}", now, new
        {
            read = readId,
            item = item.Code,
            version = record.Version,
            grant = grant.Id,
            purpose,
            fields = given,
        });
        // The read's record and its ledger entry commit (with other readers', in one transaction) before any data leaves.
        await recorder.RecordAsync(entry, leaf => new DataRead
        {
            Id = readId, ItemCode = item.Code, RecordVersion = record.Version, SubjectHash = hash, ConsumerUnitId = unitId, GrantId = grant.Id, Purpose = purpose,
            Fields = [.. given], ReadBy = readerId, ReadAt = now, LedgerLeafHash = leaf,
        }, ct);
        return new Result(item.Code, record.Version, record.WrittenAt, grant.Id, data, readId);
    }
}
