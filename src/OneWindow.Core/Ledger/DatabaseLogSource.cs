using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;
using OneWindow.Storage;

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

    /// <summary>
    /// Streams the entry bundles in order, one row per 256 entries. The leaf hashes the log stored
    /// are not read: the recomputed tree is checked against the signed root, and a mismatch is
    /// located through the log's consistency proofs.
    /// </summary>
    public async IAsyncEnumerable<EntryBatch> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        const string Sql = "SELECT idx, data FROM ledger_bundles WHERE idx >= @first AND idx <= @last ORDER BY idx";
        var (first, last) = (EntryBundle.Of(start), EntryBundle.Of(end));
        if (connection is SqliteConnection sqlite)
        {
            // Straight through SQLite's C API: each bundle is copied once, into the batch.
            var statement = Prepare(sqlite, Sql, first, last);
            try
            {
                var done = false;
                while (!done)
                {
                    ct.ThrowIfCancellationRequested();
                    var batch = new EntryBatch();
                    done = Fill(statement, batch, start, end);
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
        command.AddParameter("@first", first);
        command.AddParameter("@last", last);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var current = new EntryBatch();
        while (await reader.ReadAsync(ct))
        {
            if (current.Count + EntryBundle.Width > current.Capacity)
            {
                yield return current;
                current = new EntryBatch();
            }
            AddBundle(current, reader.GetInt64(0), (byte[])reader.GetValue(1), start, end);
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

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql, long first, long last)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql.Replace("@first", "?1").Replace("@last", "?2"), out var statement));
        Check(connection, raw.sqlite3_bind_int64(statement, 1, first));
        Check(connection, raw.sqlite3_bind_int64(statement, 2, last));
        return statement;
    }

    /// <summary>Fills the batch with whole bundles; true when the rows ran out (stepping again would restart them).</summary>
    private static bool Fill(sqlite3_stmt statement, EntryBatch batch, long start, long end)
    {
        while (batch.Count + EntryBundle.Width <= batch.Capacity)
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
            AddBundle(batch, SqliteRows.Int64(statement, 0), SqliteRows.Blob(statement, 1), start, end);
        }
        return false;
    }

    /// <summary>Adds the entries of bundle <paramref name="number"/> that lie in [start, end].</summary>
    private static void AddBundle(EntryBatch batch, long number, ReadOnlySpan<byte> bundle, long start, long end)
    {
        List<(int Offset, int Length)> entries;
        try
        {
            entries = EntryBundle.Split(bundle);
        }
        catch (InvalidDataException ex)
        {
            throw new MalformedLogException(number * EntryBundle.Width, $"the log's entry bundle {number} is malformed: {ex.Message}", ex);
        }
        batch.AddBundle(number * EntryBundle.Width, bundle, entries, start, end);
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
