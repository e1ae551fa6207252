using Microsoft.EntityFrameworkCore;
using OneWindow.Testing;
using Xunit;

namespace OneWindow.Server.Tests.Supervision;

/// <summary>
/// Checks a migration's backfill against the live path: the rows it derives are deleted and derived again from what the
/// live path counted, in one transaction, and must come out exactly as the live path wrote them.
/// </summary>
public static class Backfill
{
    public static async Task AssertRebuildsAsync(OneWindowApp app, IReadOnlyList<(string Table, string Where)> derived, IEnumerable<string> backfill, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        var before = await app.WithDbAsync(db => RowsAsync(db, derived, ct));
        Assert.NotEmpty(before);
        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var (table, where) in derived)
            {
                var delete = $"DELETE FROM {table} WHERE {where}"; // the test's own table names and conditions
                await db.Database.ExecuteSqlRawAsync(delete, ct);
            }
            foreach (var sql in backfill)
            {
                await db.Database.ExecuteSqlRawAsync(sql, ct);
            }
            await transaction.CommitAsync(ct);
            return 0;
        });
        Assert.Equal(before, await app.WithDbAsync(db => RowsAsync(db, derived, ct)));
    }

    /// <summary>Every derived row, all its columns as text, sorted.</summary>
    private static async Task<List<string>> RowsAsync(OneWindowDb db, IReadOnlyList<(string Table, string Where)> derived, CancellationToken ct)
    {
        var rows = new List<string>();
        await db.Database.OpenConnectionAsync(ct);
        foreach (var (table, where) in derived)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT * FROM {table} WHERE {where}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
