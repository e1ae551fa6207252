using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace OneWindow.Ledger;

/// <summary>Reads the log straight from its database, for `onewindow ledger verify --db`.</summary>
public sealed class DatabaseLogSource(OneWindowDb db) : ILogSource
{
    public async Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct)
    {
        var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The log has published no signed checkpoint yet; start the server or fetch /api/ledger/checkpoint once.");
        return new SignedTreeHead(latest.Size, latest.Timestamp, latest.Root, latest.TreeHeadSignature);
    }

    public async IAsyncEnumerable<EntryBatch> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
    {
        // One streaming query: the database hands rows over as fast as it reads them.
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        const string Sql = "SELECT idx, input, leaf_hash FROM ledger_entries WHERE idx >= @start AND idx <= @end ORDER BY idx";
        if (connection is SqliteConnection sqlite)
        {
            // Straight through SQLite's C API: each row's blobs are copied once, into the batch.
            // (Memory-mapping the file was tried: mapping a cold file page by page costs more than
            // SQLite's reads.)
            var statement = Prepare(sqlite, Sql, start, end);
            try
            {
                var done = false;
                while (!done)
                {
                    ct.ThrowIfCancellationRequested();
                    var batch = new EntryBatch();
                    done = Fill(statement, batch);
                    if (batch.Count == 0)
                    {
                        batch.Dispose();
                        yield break;
                    }
                    yield return batch;
                }
            }
            finally
            {
                statement.Dispose();
            }
            yield break;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        LedgerWriter.Add(command, "@start", start);
        LedgerWriter.Add(command, "@end", end);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var current = new EntryBatch();
        while (await reader.ReadAsync(ct))
        {
            current.Add(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
            if (current.IsFull)
            {
                yield return current;
                current = new EntryBatch();
            }
        }
        if (current.Count > 0)
        {
            yield return current;
        }
        else
        {
            current.Dispose();
        }
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql, long start, long end)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql.Replace("@start", "?1").Replace("@end", "?2"), out var statement));
        Check(connection, raw.sqlite3_bind_int64(statement, 1, start));
        Check(connection, raw.sqlite3_bind_int64(statement, 2, end));
        return statement;
    }

    /// <summary>Fills the batch from the statement; true when the rows ran out (stepping again would restart them).</summary>
    private static bool Fill(sqlite3_stmt statement, EntryBatch batch)
    {
        while (!batch.IsFull)
        {
            var step = SqliteRows.Step(statement);
            if (step == raw.SQLITE_DONE)
            {
                return true;
            }
            if (step != raw.SQLITE_ROW)
            {
                throw new InvalidDataException($"Reading the ledger failed: {raw.sqlite3_errstr(step).utf8_to_string()}.");
            }
            batch.Add(SqliteRows.Int64(statement, 0), SqliteRows.Blob(statement, 1), SqliteRows.Blob(statement, 2));
        }
        return false;
    }

    private static void Check(SqliteConnection connection, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new InvalidDataException($"Reading the ledger failed: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}.");
        }
    }

    public Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct) =>
        new LedgerReader(db).ConsistencyProofAsync(first, second, ct);

    /// <summary>The public key that signed the latest checkpoint.</summary>
    public async Task<byte[]> SigningKeyAsync(CancellationToken ct)
    {
        var keyId = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).Select(c => c.KeyId).FirstAsync(ct);
        return await db.LedgerKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.PublicKey).FirstAsync(ct);
    }
}
