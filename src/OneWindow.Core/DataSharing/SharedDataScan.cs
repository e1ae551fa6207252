using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.DataSharing;

/// <summary>
/// The owner's side of a scan (免申即享 finds people who became eligible through data alone): the platform walks the
/// current records of an item and answers only which subjects pass a test on their own data (turned 80 today) — by
/// the subjects' hashes. Nothing of a record leaves here; a unit then reads the records it needs through its grant
/// (<see cref="ReadRecord"/>), each read recorded.
/// </summary>
public static class SharedDataScan
{
    /// <summary>A subject whose record passed, by its hash and the record's id, with the division its record names (for routing the matter, as a case's division routes its tasks).</summary>
    public sealed record Match(string SubjectHash, Guid RecordId, string? DivisionCode);

    public sealed record Page(IReadOnlyList<Match> Matches, int Looked, Guid? Next);

    /// <summary>The record field that names the division a subject belongs to, when the item has one.</summary>
    public const string DivisionField = "divisionCode";

    /// <summary>One page of current records after <paramref name="after"/> (record ids in order), and the subjects whose records pass <paramref name="test"/>.</summary>
    public static async Task<Page> MatchesAsync(OneWindowDb db, string itemCode, Func<JsonObject, bool> test, Guid? after, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(test);
        var query = db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == itemCode);
        if (after is { } from)
        {
            query = query.Where(r => r.Id.CompareTo(from) > 0);
        }
        var rows = await query
            .Where(r => !db.SharedDataRecords.Any(n => n.ItemCode == r.ItemCode && n.SubjectHash == r.SubjectHash && n.Version > r.Version))
            .OrderBy(r => r.Id).Take(take).Select(r => new { r.Id, r.SubjectHash, r.Data }).ToListAsync(ct);
        var matches = new List<Match>();
        foreach (var row in rows)
        {
            if (JsonNode.Parse(row.Data) is JsonObject data && test(data))
            {
                matches.Add(new Match(row.SubjectHash, row.Id, data[DivisionField] is JsonValue division && division.TryGetValue<string>(out var code) ? code : null));
            }
        }
        return new Page(matches, rows.Count, rows.Count == take ? rows[^1].Id : null);
    }

    /// <summary>How many subjects the item holds a record about (the scan's progress runs against it).</summary>
    public static Task<int> SubjectsAsync(OneWindowDb db, string itemCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SharedDataRecords.AsNoTracking().Where(r => r.ItemCode == itemCode && r.Version == 1).CountAsync(ct);
    }
}
