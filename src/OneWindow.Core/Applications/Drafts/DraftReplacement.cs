using Microsoft.EntityFrameworkCore;

namespace OneWindow.Applications.Drafts;

/// <summary>
/// A submitted form replaces its draft in the same save as the application, so a failed submission keeps it. A draft
/// discarded or saved again at that moment (from another tab) is left as that tab made it.
/// </summary>
internal static class DraftReplacement
{
    /// <summary>Marks for removal each applicant's draft of each matter (bundle or item code), read in one query.</summary>
    public static async Task RemoveAsync(OneWindowDb db, IReadOnlyCollection<(Guid ApplicantId, string Code)> drafts, CancellationToken ct)
    {
        if (drafts.Count == 0)
        {
            return;
        }
        var applicants = drafts.Select(d => d.ApplicantId).Distinct().ToList();
        var found = await db.FormDrafts.Where(d => applicants.Contains(d.ApplicantId)).ToListAsync(ct);
        db.FormDrafts.RemoveRange(found.Where(d => drafts.Contains((d.ApplicantId, d.Code))));
    }

    /// <summary>
    /// Saves; when the only conflicts are drafts marked for removal (their version moved), saves again without them.
    /// Inside a transaction the failed save went back to EF's automatic savepoint, so the second one is whole.
    /// </summary>
    public static async Task SaveAsync(OneWindowDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.All(e => e.Entity is FormDraft))
        {
            foreach (var entry in ex.Entries)
            {
                entry.State = EntityState.Detached;
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
