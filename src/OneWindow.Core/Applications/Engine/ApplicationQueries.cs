using Microsoft.EntityFrameworkCore;

namespace OneWindow.Applications;

/// <summary>How other modules read cases: the engine's tables belong to Applications (<c>ModuleTableTests</c>). Reads are untracked.</summary>
public static class ApplicationQueries
{
    /// <summary>A case with its tasks, or null.</summary>
    public static Task<Application?> FindAsync(OneWindowDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }
}
