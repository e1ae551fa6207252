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

    /// <summary>
    /// A checked write, ready to be staged in a transaction: the item, the subject's identifier, the record, the writing unit.
    /// A change merged onto the subject's current record (<see cref="BasedOn"/>, its version) is written only if that is
    /// still the current version when it is staged; otherwise it conflicts and nothing is written.
    /// </summary>
    public sealed record Prepared(SharedDataItem Item, string Subject, JsonElement Record, Unit Unit, Guid WriterId, int? BasedOn = null);

    public static async Task<Outcome<Written>> HandleAsync(Account actor, string itemCode, string? subject, JsonElement? data,
        OneWindowDb db, SharedDataServices sharing, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        ArgumentNullException.ThrowIfNull(clock);
        var prepared = await PrepareAsync(actor, itemCode, subject, data, db, sharing.Items, clock, ct);
        if (!prepared.Succeeded)
        {
            return prepared.Failure!;
        }
        var now = clock.GetUtcNow();
        return await CommitWithAsync<Written>(prepared.Value!, db, sharing, now, async (row, subscribers) =>
        {
            await db.SaveChangesAsync(ct); // the record, its ledger entry and its events commit together
            return new Written(row.ItemCode, row.Version, now, row.Id, subscribers);
        }, ct);
    }

    /// <summary>
    /// One transaction for a write and whatever else the caller saves with it (the approval that produced it): the record,
    /// its ledger entry and the subscribers' events are staged, then <paramref name="save"/> saves the unit of work; its
    /// failure rolls everything back. On SQLite it runs in its turn with this process's other writers (the ledger, the
    /// deliverers), never meeting SQLITE_BUSY. A simultaneous writer of the same subject gets <see cref="Conflict"/>.
    /// </summary>
    public static async Task<Outcome<T>> CommitWithAsync<T>(Prepared prepared, OneWindowDb db, SharedDataServices sharing, DateTimeOffset now,
        Func<SharedDataRecord, int, Task<Outcome<T>>> save, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sharing);
        ArgumentNullException.ThrowIfNull(save);
        var turn = await sharing.Gate.EnterAsync(db.Database.IsSqlite(), ct);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var (row, subscribers) = await StageAsync(prepared, db, sharing, now, ct);
            var saved = await save(row, subscribers);
            if (!saved.Succeeded)
            {
                return saved;
            }
            await transaction.CommitAsync(ct);
            Committed(sharing, subscribers);
            return saved;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex) || ex is StaleChange)
        {
            return Conflict();
        }
        finally
        {
            await transaction.DisposeAsync(); // rolled back unless committed, before the next writer's turn
            turn.Dispose();
        }
    }

    private static StateConflict Conflict() => new(Texts.T("Someone wrote this subject's record just now; read it and write again"), "written");

    /// <summary>Whether a change merged onto a version (if any) is still based on the subject's current record; read in the writer's transaction.</summary>
    internal static async Task<bool> IsCurrentAsync(Prepared prepared, OneWindowDb db, SubjectKeys keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(keys);
        if (prepared.BasedOn is not { } basedOn)
        {
            return true;
        }
        var hash = keys.Of(prepared.Item.Subject, prepared.Subject);
        var current = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == prepared.Item.Code && r.SubjectHash == hash).MaxAsync(r => (int?)r.Version, ct);
        return current == basedOn;
    }

    /// <summary>A change merged onto a version that is no longer the subject's current one.</summary>
    internal sealed class StaleChange(string message) : DbUpdateConcurrencyException(message);

    /// <summary>After the commit: the ledger and (when events were staged) the deliverers are woken.</summary>
    internal static void Committed(SharedDataServices sharing, int subscribers)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        sharing.Ledger.Wake();
        if (subscribers > 0)
        {
            sharing.Changes.Committed();
        }
    }

    /// <summary>
    /// Checks a write by <paramref name="actor"/>: the item exists, the actor's unit belongs to its owner department, the subject
    /// and the record are valid. With <paramref name="mergeOnto"/> the data is a change (a change registration changes only
    /// what changed): its fields are laid over the subject's current record, which must exist, and the result is checked.
    /// </summary>
    public static async Task<Outcome<Prepared>> PrepareAsync(Account actor, string itemCode, string? subject, JsonElement? data, OneWindowDb db, SharedDataItems items, TimeProvider clock, CancellationToken ct,
        SubjectKeys? mergeOnto = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(items);
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
        var who = SharedDataAccess.Subject(item, subject, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!who.Succeeded)
        {
            return who.Failure!;
        }
        if (data is not { ValueKind: JsonValueKind.Object } record)
        {
            return ValidationFailed.Single("data", Texts.T("must be a JSON object"));
        }
        if (Encoding.UTF8.GetByteCount(record.GetRawText()) > MaxRecordBytes)
        {
            return ValidationFailed.Single("data", Texts.T("must be at most {0} KB", MaxRecordBytes / 1024));
        }
        int? basedOn = null;
        if (mergeOnto is not null)
        {
            var hash = mergeOnto.Of(item.Subject, who.Value!);
            var current = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == item.Code && r.SubjectHash == hash)
                .OrderByDescending(r => r.Version).Select(r => new { r.Version, r.Data }).FirstOrDefaultAsync(ct);
            if (current is null)
            {
                return new StateConflict(Texts.T("There is no record of {0} about this subject to change", item.Name), "not-on-record");
            }
            var merged = JsonNode.Parse(current.Data)!.AsObject();
            foreach (var property in record.EnumerateObject())
            {
                merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
            record = JsonSerializer.SerializeToElement(merged, JsonDefaults.Options);
            basedOn = current.Version;
        }
        var violations = items.Violations(item, record);
        if (violations.Count > 0)
        {
            return new ValidationFailed(violations);
        }
        return new Prepared(item, who.Value!, record, (await UnitQueries.FindAsync(db, actor.UnitId!.Value, ct))!, actor.Id, basedOn);
    }

    /// <summary>
    /// Adds the subject's next version, its ledger entry and the subscribers' events (with their sequence numbers and
    /// push-reads) to <paramref name="db"/>, in the open transaction of <see cref="CommitWithAsync"/> (or of the approval
    /// sequencer). A change based on a version that is no longer current throws <see cref="StaleChange"/> before adding anything.
    /// </summary>
    internal static async Task<(SharedDataRecord Row, int Subscribers)> StageAsync(Prepared prepared, OneWindowDb db, SharedDataServices sharing, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sharing);
        var (item, subject, record, unit, writer, _) = prepared;
        var hash = sharing.Keys.Of(item.Subject, subject);
        var previous = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == item.Code && r.SubjectHash == hash)
            .OrderByDescending(r => r.Version).Select(r => new { r.Version, r.Data }).FirstOrDefaultAsync(ct);
        var version = previous?.Version ?? 0;
        if (prepared.BasedOn is { } basedOn && basedOn != version)
        {
            throw new StaleChange($"The change was made to version {basedOn} of the record; the current one is {version}.");
        }
        var stored = JsonSerializer.Serialize(record, JsonDefaults.Options);
        var leaf = LedgerOutbox.Stage(db, LedgerEvent.Create("data.written", $"data:{item.Code}:{hash}", $"uscc:{unit.CreditCode}", now, new
        {
            item = item.Code,
            version = version + 1,
            recordSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored))),
        }));
        var row = new SharedDataRecord
        {
            ItemCode = item.Code, SubjectHash = hash, Version = version + 1, Data = stored, UnitId = unit.Id, WrittenBy = writer, WrittenAt = now, LedgerLeafHash = leaf,
        };
        db.SharedDataRecords.Add(row);
        var deliveries = await ChangeEvents.PlanAsync(db, item, row, subject, unit,
            previous is null ? null : JsonNode.Parse(previous.Data)!.AsObject(), JsonNode.Parse(stored)!.AsObject(), now, ct);
        sharing.Changes.Stage(db, deliveries);
        return (row, deliveries.Count);
    }
}

/// <summary>What writing shared data needs besides the unit of work, as one service: the items and their schemas, the subject keys, the ledger, the change outbox, the SQLite write gate.</summary>
public sealed record SharedDataServices(SharedDataItems Items, SubjectKeys Keys, LedgerWriter Ledger, IChangeOutbox Changes, SqliteWriteGate Gate);
