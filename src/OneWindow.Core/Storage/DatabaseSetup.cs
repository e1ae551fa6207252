using Microsoft.EntityFrameworkCore;

namespace OneWindow.Storage;

/// <summary>Applies migrations; on SQLite also switches the file to write-ahead logging.</summary>
public static class DatabaseSetup
{
    public static async Task MigrateAsync(OneWindowDb db, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.MigrateAsync(ct);
    }
}
