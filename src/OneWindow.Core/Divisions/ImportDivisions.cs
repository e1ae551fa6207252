using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OneWindow.Storage;

namespace OneWindow.Divisions;

/// <summary>Loads divisions: new codes are bulk-inserted, known codes get their names updated; all in one transaction.</summary>
public static class ImportDivisions
{
    public sealed record Result(int Added, int Renamed, int Unchanged);

    public static async Task<Result> HandleAsync(OneWindowDb db, IReadOnlyList<Division> rows, IProgress<int>? progress, CancellationToken ct)
    {
        var existing = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d, StringComparer.Ordinal, ct);
        var added = rows.Where(r => !existing.ContainsKey(r.Code)).ToList();
        var renamed = rows.Where(r => existing.TryGetValue(r.Code, out var e) && e.Name != r.Name).ToList();
        foreach (var row in rows.Where(r => existing.TryGetValue(r.Code, out var e) && e.Level != r.Level))
        {
            throw new InvalidOperationException($"Division {row.Code} is already loaded as {existing[row.Code].Level}, not {row.Level}.");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, added, progress, ct);
            }
            else
            {
                await InsertAsync(connection, tx.GetDbTransaction(), added, progress, ct);
            }
            foreach (var row in renamed)
            {
                await db.Divisions.Where(d => d.Code == row.Code).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, row.Name), ct);
            }
            await tx.CommitAsync(ct);
        });
        return new Result(added.Count, renamed.Count, rows.Count - added.Count - renamed.Count);
    }

    /// <summary>Ensures every row's parent comes before it, so a file in any order loads.</summary>
    private static IEnumerable<Division> ParentsFirst(IEnumerable<Division> rows) => rows.OrderBy(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal);

    private static async Task CopyAsync(NpgsqlConnection connection, List<Division> rows, IProgress<int>? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY divisions (\"Code\", \"Name\", \"Level\", \"ParentCode\") FROM STDIN (FORMAT BINARY)", ct);
        var done = 0;
        foreach (var row in ParentsFirst(rows))
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(row.Code, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.Name, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync((int)row.Level, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            if (row.ParentCode is null)
            {
                await writer.WriteNullAsync(ct);
            }
            else
            {
                await writer.WriteAsync(row.ParentCode, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            }
            if (++done % 10_000 == 0)
            {
                progress?.Report(done);
            }
        }
        await writer.CompleteAsync(ct);
        progress?.Report(done);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, List<Division> rows, IProgress<int>? progress, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO divisions (\"Code\", \"Name\", \"Level\", \"ParentCode\") VALUES ($code, $name, $level, $parent)";
        var code = command.AddParameter("$code");
        var name = command.AddParameter("$name");
        var level = command.AddParameter("$level");
        var parent = command.AddParameter("$parent");
        await command.PrepareAsync(ct);
        var done = 0;
        foreach (var row in ParentsFirst(rows))
        {
            code.Value = row.Code;
            name.Value = row.Name;
            level.Value = (int)row.Level;
            parent.Value = (object?)row.ParentCode ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
            if (++done % 10_000 == 0)
            {
                progress?.Report(done);
            }
        }
        progress?.Report(done);
    }
}
