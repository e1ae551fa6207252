using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Storage;

namespace OneWindow.Ratings;

/// <summary>
/// 微笑指数: the share of 非常满意 and 满意 among ratings, per unit, department, division and item, over a period, with the
/// counts, a 95 % Wilson interval and a monthly trend — never a bare share when there are fewer than
/// <see cref="MinForShare"/> ratings. Read from the pre-aggregates (<see cref="RatingCount"/>: day × unit × item, and by month), which
/// each rating updates in its own transaction, so a view sums rows of a range and scans no ratings.
/// </summary>
public static class SmileIndex
{
    public const int MinForShare = 30;

    public const int MaxDays = 366 * 3;

    public enum GroupBy
    {
        Unit,
        Department,
        Division,
        Item,
    }

    public sealed record Counts(int VerySatisfied, int Satisfied, int Fair, int Dissatisfied, int VeryDissatisfied)
    {
        public static readonly Counts None = new(0, 0, 0, 0, 0);

        public int Total => VerySatisfied + Satisfied + Fair + Dissatisfied + VeryDissatisfied;

        public int Smiling => VerySatisfied + Satisfied;

        public int Poor => Dissatisfied + VeryDissatisfied;

        /// <summary>The share smiling, or null with fewer than <see cref="MinForShare"/> ratings (the interval says what is known).</summary>
        public double? Share => Total >= MinForShare ? (double)Smiling / Total : null;

        public (double Low, double High)? Interval => Total == 0 ? null : Wilson(Smiling, Total);

        public Counts Plus(Counts other) => new(VerySatisfied + other.VerySatisfied, Satisfied + other.Satisfied, Fair + other.Fair, Dissatisfied + other.Dissatisfied, VeryDissatisfied + other.VeryDissatisfied);
    }

    public sealed record Group(string Key, string Name, Counts Counts);

    public sealed record Month(string Key, Counts Counts);

    public sealed record Result(DateOnly From, DateOnly To, string DivisionPrefix, Counts All, IReadOnlyList<Group> Groups, IReadOnlyList<Month> Trend);

    /// <summary>What to sum; <paramref name="By"/> null asks for the totals and the trend alone (no groups).</summary>
    public sealed record Filter(DateOnly From, DateOnly To, string? Division = null, Guid? UnitId = null, DepartmentKind? Department = null, string? ItemCode = null, GroupBy? By = GroupBy.Unit);

    /// <summary>The 95 % Wilson score interval of <paramref name="successes"/> out of <paramref name="total"/>.</summary>
    public static (double Low, double High) Wilson(int successes, int total, double z = 1.959963984540054)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        var p = (double)successes / total;
        var z2 = z * z;
        var denominator = 1 + (z2 / total);
        var centre = (p + (z2 / (2 * total))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / total) + (z2 / (4.0 * total * total))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Adds <paramref name="delta"/> to a level's count for the day, unit and item — one atomic upsert in the caller's transaction.</summary>
    public static async Task CountAsync(OneWindowDb db, DateOnly day, Unit unit, string itemCode, RatingLevel level, int delta, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unit);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Counting needs the caller's transaction.");
        var column = level switch
        {
            RatingLevel.VerySatisfied => "VerySatisfied",
            RatingLevel.Satisfied => "Satisfied",
            RatingLevel.Fair => "Fair",
            RatingLevel.Dissatisfied => "Dissatisfied",
            _ => "VeryDissatisfied",
        };
        string[] levels = ["VerySatisfied", "Satisfied", "Fair", "Dissatisfied", "VeryDissatisfied"];
        var values = string.Join(", ", levels.Select(l => l == column ? "@delta" : "0"));
        string Upsert(string table, string day) =>
            $"INSERT INTO {table} (\"Day\", \"UnitId\", \"ItemCode\", \"DivisionCode\", \"Department\", {string.Join(", ", levels.Select(l => $"\"{l}\""))}) " +
            $"VALUES ({day}, @unit, @item, @division, @department, {values}) ON CONFLICT (\"Day\", \"UnitId\", \"ItemCode\") DO UPDATE SET \"{column}\" = {table}.\"{column}\" + excluded.\"{column}\"";
        string DivisionUpsert(string table, string day, int division) =>
            $"INSERT INTO {table} (\"Level\", \"Division\", \"Day\", {string.Join(", ", levels.Select(l => $"\"{l}\""))}) " +
            $"VALUES (@level{division}, @division{division}, {day}, {values}) ON CONFLICT (\"Level\", \"Division\", \"Day\") DO UPDATE SET \"{column}\" = {table}.\"{column}\" + excluded.\"{column}\"";
        var postgres = db.Database.IsNpgsql();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        // The day's row and the month's (its first day), each one atomic upsert; the same for the unit's division and
        // each division above it.
        var divisions = DivisionsOf(unit.DivisionCode);
        command.CommandText = string.Join("; ", new[] { Upsert("rating_counts", "@day"), Upsert("rating_month_counts", "@month") }
            .Concat(divisions.SelectMany((_, i) => new[] { DivisionUpsert("rating_division_counts", "@day", i), DivisionUpsert("rating_division_month_counts", "@month", i) })));
        for (var i = 0; i < divisions.Count; i++)
        {
            command.AddParameter($"@level{i}", (int)divisions[i].Level);
            command.AddParameter($"@division{i}", divisions[i].Code);
        }
        command.AddParameter("@month", postgres ? new DateOnly(day.Year, day.Month, 1) : new DateOnly(day.Year, day.Month, 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // EF keeps dates as ISO text and Guid keys as upper-case text on SQLite; PostgreSQL has date and uuid types.
        command.AddParameter("@day", postgres ? day : day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        command.AddParameter("@unit", postgres ? unit.Id : unit.Id.ToString().ToUpperInvariant());
        command.AddParameter("@item", itemCode);
        command.AddParameter("@division", unit.DivisionCode);
        command.AddParameter("@department", unit.Department.ToString());
        command.AddParameter("@delta", delta);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A division and those above it, as the rollups key them (the level and its prefix padded to 12 digits).</summary>
    private static List<(DivisionLevel Level, string Code)> DivisionsOf(string code)
    {
        var own = Division.ScopePrefix(code).Length;
        return [.. Enum.GetValues<DivisionLevel>().Where(l => Division.PrefixLength(l) <= own).Select(l => (l, Division.Prefix(code, l).PadRight(12, '0')))];
    }

    /// <summary>
    /// What the actor may see: a platform admin everything; a supervisor (运行监管) their unit's division subtree and the
    /// departments' units in it; any other staff member their own unit only. Others see nothing.
    /// </summary>
    public sealed record Scope(string DivisionPrefix, Guid? OnlyUnit);

    public static async Task<Outcome<Scope>> ScopeOfAsync(OneWindowDb db, Account actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } own)
        {
            return new Forbidden(Texts.T("Ratings are seen by the staff of the units rated and by supervisors"));
        }
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return new Scope("", null);
        }
        var division = await UnitQueries.DivisionOfAsync(db, own, ct) ?? "";
        return actor.Has(StaffRoles.Supervisor) ? new Scope(Division.ScopePrefix(division), null) : new Scope(Division.ScopePrefix(division), own);
    }

    public static async Task<Outcome<Result>> QueryAsync(OneWindowDb db, Account actor, Filter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = await ScopeOfAsync(db, actor, ct);
        if (!scope.Succeeded)
        {
            return scope.Failure!;
        }
        var errors = new FieldErrors();
        if (filter.From > filter.To || filter.To.DayNumber - filter.From.DayNumber > MaxDays)
        {
            errors.Add("from", Texts.T("the period must start before it ends and span at most {0} days", MaxDays));
        }
        var prefix = scope.Value!.DivisionPrefix;
        if (filter.Division is { Length: > 0 } division)
        {
            if (!Division.IsWellFormedCode(division))
            {
                errors.Add("division", Texts.T("must be a 12-digit division code"));
            }
            else if (!Division.ScopePrefix(division).StartsWith(prefix, StringComparison.Ordinal))
            {
                return new Forbidden(Texts.T("This division is outside what you supervise"));
            }
            else
            {
                prefix = Division.ScopePrefix(division);
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var unitId = scope.Value.OnlyUnit ?? filter.UnitId;
        if (scope.Value.OnlyUnit is { } only && filter.UnitId is { } asked && asked != only)
        {
            return new Forbidden(Texts.T("You see the ratings of your own unit only"));
        }
        // Whole months from the monthly counts, the days at the period's ends from the daily ones.
        Task<List<Keyed<T>>> BothAsync<T>(Func<IQueryable<RatingTally>, IQueryable<Keyed<T>>> query) =>
            Periods.ReadAsync<RatingTally, Keyed<T>>(Scoped(db.RatingCounts.AsNoTracking()), Scoped(db.RatingMonthCounts.AsNoTracking()), filter.From, filter.To, query, ct);
        IQueryable<RatingTally> Scoped(IQueryable<RatingTally> rows)
        {
            if (prefix.Length > 0)
            {
                // A range of the 12-digit codes rather than LIKE 'prefix%', which neither database answers from the index.
                var (low, high) = (prefix.PadRight(12, '0'), prefix.PadRight(12, '9'));
                rows = rows.Where(c => string.Compare(c.DivisionCode, low) >= 0 && string.Compare(c.DivisionCode, high) <= 0);
        }
        if (unitId is { } unit)
        {
            rows = rows.Where(c => c.UnitId == unit);
        }
        if (filter.Department is { } department)
        {
            rows = rows.Where(c => c.Department == department);
        }
        if (filter.ItemCode is { Length: > 0 } item)
        {
            rows = rows.Where(c => c.ItemCode == item);
        }
        return rows;
        }

        // Summed in the database twice — by the asked key, and by day for the trend — so what comes back is a row per
        // key and a row per day, however many ratings there are.
        var childLength = prefix.Length switch { 0 => 2, 2 => 4, 4 => 6, 6 => 9, _ => 12 };
        List<(string Key, Counts Counts)> keyed = filter.By switch
        {
            GroupBy.Unit => [.. (await BothAsync(rows => Totals(rows.GroupBy(c => c.UnitId)))).Select(r => (r.Key.ToString(), r.Counts))],
            GroupBy.Department => [.. (await BothAsync(rows => Totals(rows.GroupBy(c => c.Department)))).Select(r => (r.Key.ToString(), r.Counts))],
            GroupBy.Division => [.. (await BothAsync(rows => Totals(rows.GroupBy(c => c.DivisionCode)))).Select(r => (r.Key[..childLength].PadRight(12, '0'), r.Counts))],
            GroupBy.Item => [.. (await BothAsync(rows => Totals(rows.GroupBy(c => c.ItemCode)))).Select(r => (r.Key, r.Counts))],
            _ => [],
        };
        var groups = keyed.GroupBy(r => r.Key).Select(g => (g.Key, Counts: g.Aggregate(Counts.None, (sum, r) => sum.Plus(r.Counts)))).ToList();
        var names = filter.By is { } by ? await NamesAsync(db, by, [.. groups.Select(g => g.Key)], ct) : [];
        // A division's whole subtree (or all of them) is read from the division rollup: a row per day or month.
        var subtree = unitId is null && filter.Department is null && filter.ItemCode is not { Length: > 0 };
        var perDay = subtree ? await SubtreeDaysAsync(db, prefix, filter, ct) : await BothAsync(rows => Totals(rows.GroupBy(c => c.Day)));
        var all = perDay.Aggregate(Counts.None, (sum, r) => sum.Plus(r.Counts));
        var trend = perDay.GroupBy(r => $"{r.Key.Year:D4}-{r.Key.Month:D2}").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Month(g.Key, g.Aggregate(Counts.None, (sum, r) => sum.Plus(r.Counts)))).ToList();
        return new Result(filter.From, filter.To, prefix, all,
            [.. groups.Select(g => new Group(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.Counts)).OrderByDescending(g => g.Counts.Total).ThenBy(g => g.Name, StringComparer.Ordinal)], trend);
    }

    private static Task<List<Keyed<DateOnly>>> SubtreeDaysAsync(OneWindowDb db, string prefix, Filter filter, CancellationToken ct)
    {
        var level = prefix.Length == 0 ? (int)DivisionLevel.Province : (int)Enum.GetValues<DivisionLevel>().Single(l => Division.PrefixLength(l) == prefix.Length);
        var code = prefix.PadRight(12, '0');
        return Periods.ReadAsync<RatingRollup, Keyed<DateOnly>>(db.RatingDivisionCounts.AsNoTracking(), db.RatingDivisionMonthCounts.AsNoTracking(), filter.From, filter.To,
            rows => Totals((prefix.Length == 0 ? rows.Where(r => r.Level == level) : rows.Where(r => r.Level == level && r.Division == code)).GroupBy(c => c.Day)), ct);
    }

    private sealed record Keyed<T>(T Key, Counts Counts);

    private static IQueryable<Keyed<T>> Totals<T, TRow>(IQueryable<IGrouping<T, TRow>> groups) where TRow : RatingLevels =>
        groups.Select(g => new Keyed<T>(g.Key, new Counts(g.Sum(c => c.VerySatisfied), g.Sum(c => c.Satisfied), g.Sum(c => c.Fair), g.Sum(c => c.Dissatisfied), g.Sum(c => c.VeryDissatisfied))));

    private static async Task<Dictionary<string, string>> NamesAsync(OneWindowDb db, GroupBy by, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        switch (by)
        {
            case GroupBy.Unit:
                var units = await UnitQueries.NamesAsync(db, [.. keys.Select(Guid.Parse)], ct);
                return units.ToDictionary(u => u.Key.ToString(), u => u.Value, StringComparer.Ordinal);
            case GroupBy.Department:
                return keys.ToDictionary(k => k, k => Enum.Parse<DepartmentKind>(k).Name(), StringComparer.Ordinal);
            case GroupBy.Division:
                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var code in keys)
                {
                    if (await DivisionQueries.FindAsync(db, code, ct) is { } division)
                    {
                        names[code] = division.Name;
                    }
                }
                return names;
            default:
                return await RatingNames.MattersAsync(db, keys, ct);
        }
    }
}
