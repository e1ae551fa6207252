using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OneWindow.Storage;

/// <summary>Recognises the database's own refusals, the same way on both providers.</summary>
public static class DbErrors
{
    /// <summary>The save broke a unique index: someone else got there first.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception?.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL refused a transaction under repeatable-read or serializable isolation because a concurrent one changed
    /// the same rows first (40001, or a deadlock 40P01): someone else won, found anywhere in the exception's chain
    /// (EF Core's execution strategy wraps it).
    /// </summary>
    public static bool IsSerializationFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }
        return false;
    }
}
