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
        var (item, unitId, refused) = await ReaderAsync(actor, itemCode, db, ct);
        if (refused is not null)
        {
            return refused;
        }
        var who = SharedDataAccess.Subject(item, request.Subject, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!who.Succeeded)
        {
            return who.Failure!;
        }
        var purpose = TextInput.Clean(request.Purpose ?? "");
        if (purpose.Length == 0)
        {
            return ValidationFailed.Single("purpose", Texts.T("name the purpose of the read, as the grant states it"));
        }
        var fields = request.Fields is { Count: > 0 } asked ? asked.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList() : null;
        return await ForUnitAsync(unitId, actor.Id, item, who.Value!, purpose, fields, db, keys, recorder, clock, ct);
    }

    /// <summary>
    /// A read made by the platform for <paramref name="unitId"/> under that unit's own grant, for a request that arrived
    /// from another region's platform (跨省通办): the same checks and the same record — the person's data log, the ledger —
    /// as a read by the unit's staff. Not on record: <see cref="Missing"/>.
    /// </summary>
    public static async Task<Outcome<Result>> ForRequestFromAnotherRegionAsync(Guid unitId, string itemCode, string? subject, string purpose, IReadOnlyList<string> fields,
        OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(clock);
        var item = await SharedDataItems.FindAsync(db, itemCode, ct);
        if (item is null)
        {
            return new Missing("Shared data item");
        }
        var who = SharedDataAccess.Subject(item, subject, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!who.Succeeded)
        {
            return who.Failure!;
        }
        return await ForUnitAsync(unitId, Guid.Empty, item, who.Value!, purpose, [.. fields], db, keys, recorder, clock, ct);
    }

    /// <summary>The item read and the reader's unit, or why there is no such read: an unknown item, or a reader who is not a unit's staff.</summary>
    private static async Task<(SharedDataItem Item, Guid UnitId, Failure? Refused)> ReaderAsync(Account actor, string itemCode, OneWindowDb db, CancellationToken ct)
    {
        var item = await SharedDataItems.FindAsync(db, itemCode, ct);
        return item is null ? (null!, Guid.Empty, new Missing("Shared data item"))
            : actor.Kind != AccountKind.Staff || actor.UnitId is not { } unitId ? (item, Guid.Empty, new Forbidden(Texts.T("Only staff of a unit holding a grant read shared data")))
            : (item, unitId, null);
    }

    /// <summary>At most this many subjects in one batch read.</summary>
    public const int MaxBatchSubjects = 100;

    public sealed record BatchRequest(IReadOnlyList<string?>? Subjects, string? Purpose, IReadOnlyList<string>? Fields);

    /// <summary>The answer for the subject at <paramref name="Index"/> of the request: its granted fields, or <c>OnRecord = false</c>.</summary>
    public sealed record BatchEntry(int Index, bool OnRecord, int? Version, DateTimeOffset? WrittenAt, JsonObject? Data, Guid? ReadId);

    public sealed record BatchResult(string ItemCode, Guid GrantId, int Read, int NotOnRecord, IReadOnlyList<BatchEntry> Results);

    /// <summary>
    /// A department system's bulk read (批量核验): up to <see cref="MaxBatchSubjects"/> subjects of one item, for
    /// one purpose and one set of fields, under one grant. Each subject on record is a read of its own — its own
    /// row in that person's data log and its own ledger entry, all committed before any data leaves; a subject not
    /// on record is answered as such and no read is recorded. Any invalid or repeated subject refuses the whole
    /// batch (field errors by position), so nothing is half-read.
    /// </summary>
    public static async Task<Outcome<BatchResult>> HandleBatchAsync(Account actor, string itemCode, BatchRequest request, OneWindowDb db, SubjectKeys keys,
        DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(clock);
        var (item, unitId, refused) = await ReaderAsync(actor, itemCode, db, ct);
        if (refused is not null)
        {
            return refused;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var subjects = request.Subjects ?? [];
        if (subjects.Count == 0)
        {
            errors["subjects"] = [Texts.T("name at least one subject")];
        }
        else if (subjects.Count > MaxBatchSubjects)
        {
            errors["subjects"] = [Texts.T("name at most {0} subjects in one batch", MaxBatchSubjects)];
        }
        var purpose = TextInput.Clean(request.Purpose ?? "");
        if (purpose.Length == 0)
        {
            errors["purpose"] = [Texts.T("name the purpose of the reads, as the grant states it")];
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var checkedSubjects = new List<string>(subjects.Count);
        if (errors.Count == 0)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < subjects.Count; i++)
            {
                var who = SharedDataAccess.Subject(item, subjects[i], today);
                if (!who.Succeeded)
                {
                    errors[$"subjects[{i}]"] = [.. who.Failure!.AsFieldErrors("subject").SelectMany(e => e.Value)];
                }
                else if (seen.TryGetValue(who.Value!, out var first))
                {
                    errors[$"subjects[{i}]"] = [Texts.T("repeats subjects[{0}]", first)];
                }
                else
                {
                    seen[who.Value!] = i;
                    checkedSubjects.Add(who.Value!);
                }
            }
        }
        if (errors.Count > 0)
        {
            return new ValidationFailed(errors);
        }
        var fields = request.Fields is { Count: > 0 } asked ? asked.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList() : null;
        var now = clock.GetUtcNow();
        var granted = await GrantAsync(unitId, item, purpose, fields, now, db, ct);
        if (!granted.Succeeded)
        {
            return granted.Failure!;
        }
        var grant = granted.Value!;
        var given = fields ?? grant.Fields;
        var hashes = checkedSubjects.Select(s => keys.Of(item.Subject, s)).ToList();
        var latest = await db.SharedDataRecords.AsNoTracking()
            .Where(r => r.ItemCode == item.Code && hashes.Contains(r.SubjectHash)
                && !db.SharedDataRecords.Any(n => n.ItemCode == r.ItemCode && n.SubjectHash == r.SubjectHash && n.Version > r.Version))
            .ToDictionaryAsync(r => r.SubjectHash, StringComparer.Ordinal, ct);
        var unit = (await UnitQueries.FindAsync(db, unitId, ct))!;
        var reads = new Task<Guid>?[hashes.Count];
        for (var i = 0; i < hashes.Count; i++)
        {
            if (latest.TryGetValue(hashes[i], out var record))
            {
                reads[i] = RecordAsync(unit, actor.Id, item, record, grant, purpose, given, now, recorder, ct); // queued together: one commit for the batch
            }
        }
        var results = new List<BatchEntry>(hashes.Count);
        for (var i = 0; i < hashes.Count; i++)
        {
            if (reads[i] is { } read && latest.TryGetValue(hashes[i], out var record))
            {
                results.Add(new BatchEntry(i, true, record.Version, record.WrittenAt, Granted(record, given), await read));
            }
            else
            {
                results.Add(new BatchEntry(i, false, null, null, null, null));
            }
        }
        var onRecord = results.Count(r => r.OnRecord);
        return new BatchResult(item.Code, grant.Id, onRecord, results.Count - onRecord, results);
    }

    /// <summary>
    /// Granted reads, for <paramref name="unitId"/> by the platform, of the records a scan found (<see cref="SharedDataScan"/>,
    /// by record id — never by an identity number the reader would have to give): one grant check and one query by key
    /// for the lot, each read recorded (together, in one commit); the granted fields by subject hash. Refused whole without
    /// a grant for the purpose and fields.
    /// </summary>
    internal static async Task<Outcome<Dictionary<string, JsonObject>>> ScannedForUnitAsync(Guid unitId, SharedDataItem item, IReadOnlyCollection<Guid> recordIds, string purpose,
        List<string> fields, OneWindowDb db, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var granted = await GrantAsync(unitId, item, purpose, fields, now, db, ct);
        if (!granted.Succeeded)
        {
            return granted.Failure!;
        }
        var ids = recordIds.Distinct().ToList();
        var latest = (await db.SharedDataRecords.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct)).Where(r => r.ItemCode == item.Code).ToList();
        var unit = (await UnitQueries.FindAsync(db, unitId, ct))!;
        var reads = latest.Select(record => RecordAsync(unit, Guid.Empty, item, record, granted.Value!, purpose, fields, now, recorder, ct)).ToList(); // queued together: one commit
        await Task.WhenAll(reads);
        return latest.ToDictionary(r => r.SubjectHash, r => Granted(r, fields), StringComparer.Ordinal);
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
        var granted = await GrantAsync(unitId, item, purpose, fields, now, db, ct);
        if (!granted.Succeeded)
        {
            return granted.Failure!;
        }
        var grant = granted.Value!;
        var hash = keys.Of(item.Subject, subject);
        var record = await db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == item.Code && r.SubjectHash == hash)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return new Missing("Record");
        }
        var given = fields ?? grant.Fields;
        var data = Granted(record, given);
        var unit = (await UnitQueries.FindAsync(db, unitId, ct))!;
        var readId = await RecordAsync(unit, readerId, item, record, grant, purpose, given, now, recorder, ct);
        return new Result(item.Code, record.Version, record.WrittenAt, grant.Id, data, readId);
    }

    /// <summary>
    /// The unit's approved, unexpired grant for this item that covers the purpose and fields (the fields it
    /// grants when none are named); otherwise why not, naming the closest grant's reason.
    /// </summary>
    private static async Task<Outcome<DataGrant>> GrantAsync(Guid unitId, SharedDataItem item, string purpose, List<string>? fields, DateTimeOffset now, OneWindowDb db, CancellationToken ct)
    {
        var grants = await db.DataGrants.AsNoTracking().Where(g => g.ItemCode == item.Code && g.ConsumerUnitId == unitId).ToListAsync(ct);
        var grant = grants.Where(g => g.Refuses(purpose, fields ?? g.Fields, now) is null).OrderByDescending(g => g.ExpiresAt).FirstOrDefault();
        if (grant is not null)
        {
            return grant;
        }
        var closest = grants.Where(g => g.Purpose == purpose).OrderByDescending(g => g.RequestedAt).FirstOrDefault() ?? grants.OrderByDescending(g => g.RequestedAt).FirstOrDefault();
        return new Forbidden(closest is null
            ? Texts.T("Your unit has no grant to read {0}", item.Name)
            : Texts.T("Your unit's grant does not cover this read: {0}", closest.Refuses(purpose, fields ?? closest.Fields, now)!));
    }

    /// <summary>
    /// Records one read — its row for the person's data log and its ledger entry — and returns its id once both
    /// are committed (with other readers', in one transaction): no data leaves before its read is on record.
    /// </summary>
    private static async Task<Guid> RecordAsync(Unit unit, Guid readerId, SharedDataItem item, SharedDataRecord record, DataGrant grant, string purpose, List<string> given,
        DateTimeOffset now, DataReadRecorder recorder, CancellationToken ct)
    {
        var readId = Guid.CreateVersion7(); // names this read in the ledger: two reads in one second stay two entries
        var entry = LedgerEvent.Create("data.read", $"data:{item.Code}:{record.SubjectHash}", $"uscc:{unit.CreditCode}", now, new
        {
            read = readId,
            item = item.Code,
            version = record.Version,
            grant = grant.Id,
            purpose,
            fields = given,
        });
        await recorder.RecordAsync(entry, leaf => new DataRead
        {
            Id = readId, ItemCode = item.Code, RecordVersion = record.Version, SubjectHash = record.SubjectHash, ConsumerUnitId = unit.Id, GrantId = grant.Id, Purpose = purpose,
            Fields = [.. given], ReadBy = readerId, ReadAt = now, LedgerLeafHash = leaf,
        }, ct);
        return readId;
    }

    private static JsonObject Granted(SharedDataRecord record, List<string> given)
    {
        var all = JsonNode.Parse(record.Data)!.AsObject();
        var data = new JsonObject();
        foreach (var name in given.Where(all.ContainsKey))
        {
            data[name] = all[name]!.DeepClone();
        }
        return data;
    }
}
