using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.DataSharing;

/// <summary>
/// Registration's real-name check (实名核验): is this the name the police record for this identity number? Asked
/// as a granted read of <c>police.household</c>'s name field, for the purpose <see cref="Purpose"/>, by the unit
/// that holds such a grant (the platform's office; an admin sets it up like any grant) — so every check is in the
/// person's data log and the ledger like any read. The answer is only match, no match, or not known (no record,
/// or no grant for checks); never the record itself.
/// </summary>
public static class RealNameCheck
{
    public const string Purpose = "实名注册核验";

    public const string Item = "police.household";

    /// <summary>True when the names match, false when they differ, null when the police hold no record or no unit may check.</summary>
    public static async Task<bool?> MatchesAsync(string idNumber, string name, OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var item = await SharedDataItems.FindAsync(db, Item, ct);
        var grants = item is null ? [] : await db.DataGrants.AsNoTracking().Where(g => g.ItemCode == Item && g.Purpose == Purpose && g.State == GrantState.Approved).ToListAsync(ct);
        var grant = grants.Where(g => g.Refuses(Purpose, ["name"], now) is null).OrderByDescending(g => g.ExpiresAt).FirstOrDefault();
        if (item is null || grant is null)
        {
            return null;
        }
        var read = await ReadRecord.ForUnitAsync(grant.ConsumerUnitId, Guid.Empty, item, idNumber.Trim().ToUpperInvariant(), Purpose, ["name"], db, keys, recorder, clock, ct);
        if (!read.Succeeded)
        {
            return null; // not on record (or the grant ended a moment ago)
        }
        var recorded = read.Value!.Data["name"]?.GetValue<string>();
        return recorded is not null && string.Equals(TextInput.Clean(recorded), TextInput.Clean(name), StringComparison.Ordinal);
    }
}
