using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Divisions;
using OneWindow.Storage;

namespace OneWindow.Supervision;

/// <summary>
/// Folds waiting facts into the rollups: loads their cases, computes each one's contribution (the day, the five division
/// levels, the item and all items; received, finished and how, working days by the official calendar, on time, the seeds' measures),
/// sums them by key in memory, applies each sum with one atomic upsert to the day's row and one to the month's, and deletes the facts — all in one transaction,
/// so a fact is counted exactly once even when two processes fold at once (PostgreSQL: an advisory lock; SQLite: one writer).
/// </summary>
public static class SupervisionFolder
{
    /// <summary>The PostgreSQL advisory lock that keeps one folder at a time ("ONEWSUPF").</summary>
    private const long FolderLock = 0x4F4E4557_53555046;

    internal static readonly string[] Columns =
        ["Received", "ReceivedOnline", "Completed", "PartlyCompleted", "Refused", "OnTime", "DaysUsed", "DaysPromised", "Supplements",
         "Forms", "FormsSeparately", "Materials", "MaterialsSeparately", "Trips", "TripsSeparately"];

    private static readonly DivisionLevel[] Levels = [DivisionLevel.Province, DivisionLevel.City, DivisionLevel.County, DivisionLevel.Township, DivisionLevel.Village];

    private sealed record Key(DateOnly Day, int Level, string Division, string ItemCode)
    {
        /// <summary>The same key in the monthly rollup.</summary>
        public Key Month => this with { Day = new DateOnly(Day.Year, Day.Month, 1) };
    }

    /// <summary>Folds up to <paramref name="max"/> facts; returns how many.</summary>
    public static async Task<int> FoldAsync(OneWindowDb db, CalendarCache calendars, TimeProvider clock, CancellationToken ct, int max = 2000)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendars);
        var postgres = db.Database.IsNpgsql();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (postgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({FolderLock})", ct);
        }
        var facts = await db.SupervisionFacts.AsNoTracking().OrderBy(f => f.Id).Take(max).ToListAsync(ct);
        if (facts.Count == 0)
        {
            return 0;
        }
        var cases = (await ApplicationQueries.ManyAsync(db, [.. facts.Select(f => f.ApplicationId).Distinct()], ct)).ToDictionary(a => a.Id);
        var closed = facts.Where(f => f.Kind == FactKind.Closed).Select(f => f.ApplicationId).Distinct().ToList();
        var materials = closed.Count == 0 ? [] : await ApplicationQueries.MaterialCountsAsync(db, closed, ct);
        var items = await Catalog.CatalogQueries.ItemsAsync(db, [.. cases.Values.SelectMany(a => a.Tasks.Select(t => t.ItemCode)).Distinct()], ct);
        var calendar = await calendars.GetAsync(db, ct);
        var zone = clock.LocalTimeZone;
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

        var sums = new Dictionary<Key, int[]>();
        var durations = new Dictionary<(Key Key, int Days), int>();
        foreach (var fact in facts)
        {
            if (!cases.TryGetValue(fact.ApplicationId, out var application))
            {
                continue;
            }
            var values = new int[Columns.Length];
            var day = fact.Kind == FactKind.Received ? Local(application.SubmittedAt) : Local(DateTimeOffset.FromUnixTimeMilliseconds(fact.At));
            int? used = null;
            switch (fact.Kind)
            {
                case FactKind.Received:
                    values[0] = 1;
                    values[1] = application.Channel is Channel.Web or Channel.Mobile ? 1 : 0;
                    break;
                case FactKind.Supplement:
                    values[8] = 1;
                    break;
                default:
                    values[2] = application.State == ApplicationState.Completed ? 1 : 0;
                    values[3] = application.State == ApplicationState.PartlyCompleted ? 1 : 0;
                    values[4] = application.State == ApplicationState.Refused ? 1 : 0;
                    values[5] = application.DueDate is { } due && day <= due ? 1 : 0;
                    var (given, shared) = materials.GetValueOrDefault(application.Id);
                    var measures = CaseMeasures.Of(application, items, given, calendar, Local(application.SubmittedAt), day, shared);
                    used = measures.WorkingDaysElapsed;
                    values[6] = used ?? 0;
                    values[7] = application.TimeLimitDays;
                    (values[9], values[10], values[11], values[12], values[13], values[14]) =
                        (measures.Forms, measures.FormsSeparately, measures.Materials, measures.MaterialsSeparately, measures.Trips, measures.TripsSeparately);
                    break;
            }
            var code = application.BundleCode ?? application.ItemCode!;
            foreach (var (level, item) in Levels.SelectMany(l => new[] { (l, code), (l, CaseRollup.AllItems) }))
            {
                var key = new Key(day, (int)level, Division.Prefix(application.DivisionCode, level).PadRight(12, '0'), item);
                if (!sums.TryGetValue(key, out var sum))
                {
                    sums[key] = sum = new int[Columns.Length];
                }
                for (var i = 0; i < values.Length; i++)
                {
                    sum[i] += values[i];
                }
                if (used is { } days)
                {
                    durations[(key, days)] = durations.GetValueOrDefault((key, days)) + 1;
                }
            }
        }

        // Each sum is applied to the day's row, and the sums of a month to its row.
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        var months = sums.GroupBy(s => s.Key.Month).Select(g => KeyValuePair.Create(g.Key, Total(g.Select(s => s.Value))));
        foreach (var (table, rows) in new[] { ("case_counts", sums.AsEnumerable()), ("month_counts", months) })
        {
            var sql = $"INSERT INTO {table} (\"Day\", \"Level\", \"Division\", \"ItemCode\", {string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
                $"VALUES (@day, @level, @division, @item, {string.Join(", ", Columns.Select((_, i) => $"@v{i}"))}) " +
                $"ON CONFLICT (\"Day\", \"Level\", \"Division\", \"ItemCode\") DO UPDATE SET {string.Join(", ", Columns.Select(c => $"\"{c}\" = {table}.\"{c}\" + excluded.\"{c}\""))}";
            foreach (var (row, sum) in rows)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = dbTransaction;
                command.CommandText = sql;
                AddKey(command, row, postgres);
                for (var i = 0; i < sum.Length; i++)
                {
                    command.AddParameter($"@v{i}", sum[i]);
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        var monthDurations = durations.GroupBy(d => (d.Key.Key.Month, d.Key.Days)).Select(g => KeyValuePair.Create(g.Key, g.Sum(d => d.Value)));
        foreach (var (table, rows) in new[] { ("case_durations", durations.AsEnumerable()), ("month_durations", monthDurations) })
        {
            var sql = $"INSERT INTO {table} (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", \"Count\") VALUES (@day, @level, @division, @item, @days, @count) " +
                $"ON CONFLICT (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\") DO UPDATE SET \"Count\" = {table}.\"Count\" + excluded.\"Count\"";
            foreach (var ((row, days), count) in rows)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = dbTransaction;
                command.CommandText = sql;
                AddKey(command, row, postgres);
                command.AddParameter("@days", days);
                command.AddParameter("@count", count);
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        var ids = facts.Select(f => f.Id).ToList();
        await db.SupervisionFacts.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return facts.Count;
    }

    private static int[] Total(IEnumerable<int[]> sums)
    {
        var total = new int[Columns.Length];
        foreach (var sum in sums)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += sum[i];
            }
        }
        return total;
    }

    private static void AddKey(System.Data.Common.DbCommand command, Key key, bool postgres)
    {
        // EF keeps dates as ISO text on SQLite; PostgreSQL has a date type.
        command.AddParameter("@day", postgres ? key.Day : key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.AddParameter("@level", key.Level);
        command.AddParameter("@division", key.Division);
        command.AddParameter("@item", key.ItemCode);
    }
}
