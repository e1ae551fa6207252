using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.DataSharing;

/// <summary>
/// "My data log": a person (or an organisation) sees every granted read of the records about them — which unit,
/// which item and fields, when, why, under which grant — with the ledger leaf that proves it was recorded.
/// </summary>
public static class MyDataLog
{
    public const int MaxPageSize = 100;

    public sealed record Entry(DateTimeOffset ReadAt, string ItemCode, string ItemName, int RecordVersion, IReadOnlyList<string> Fields,
        string Reader, string Purpose, Guid GrantId, string LedgerLeafHash);

    public sealed record Page(IReadOnlyList<Entry> Items, int Total, int PageNumber, int PageSize);

    public static async Task<Outcome<Page>> HandleAsync(Account actor, int page, int pageSize, OneWindowDb db, SubjectKeys keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(keys);
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return ValidationFailed.Single(page < 1 ? "page" : "pageSize", page < 1 ? Texts.T("must be 1 or more") : Texts.T("must be between 1 and {0}", MaxPageSize));
        }
        var subjects = new List<string>();
        if (actor.Kind == AccountKind.Resident && actor.IdNumber is { } id)
        {
            subjects.Add(keys.Of(DataSubjectKind.Resident, id));
        }
        else if (actor.IsOrganisation && actor.CreditCode is { } code)
        {
            subjects.Add(keys.Of(DataSubjectKind.Enterprise, code));
        }
        else
        {
            return new Forbidden(Texts.T("The data log is kept for residents and organisations about themselves"));
        }
        var reads = db.DataReads.AsNoTracking().Where(r => subjects.Contains(r.SubjectHash));
        var total = await reads.CountAsync(ct);
        // Newest first by id: version-7 ids grow with time, and SQLite cannot order by a DateTimeOffset.
        var rows = await reads.OrderByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var units = await UnitQueries.NamesAsync(db, [.. rows.Select(r => r.ConsumerUnitId).Distinct()], ct);
        var items = (await SharedDataItems.AllAsync(db, ct)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        return new Page([.. rows.Select(r => new Entry(r.ReadAt, r.ItemCode, items.TryGetValue(r.ItemCode, out var item) ? item.Name : r.ItemCode, r.RecordVersion,
            [.. r.Fields.Select(f => item?.Fields.FirstOrDefault(x => x.Name == f)?.Label ?? f)], units.GetValueOrDefault(r.ConsumerUnitId, ""),
            r.Purpose, r.GrantId, Convert.ToBase64String(r.LedgerLeafHash)))], total, page, pageSize);
    }
}
