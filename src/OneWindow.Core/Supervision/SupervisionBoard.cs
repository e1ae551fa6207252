using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Supervision;

/// <summary>
/// 运行监管: what a supervisor sees of their division subtree over a period (local days) — never more: the measures the
/// seeds' reports quote (received, finished, refused, on time, working days used against promised with the 90th
/// percentile, supplements, trips, forms and materials against the separate items, online share), by the divisions one level
/// down (drill-down) and by item; the tasks overdue and due soon; the smile index, open rectifications and 办不成事
/// reports with their ages. All counts come from the rollups, summed over a period: its whole months from <see cref="MonthCount"/>, the days
/// at its ends (and the daily trend) from <see cref="CaseCount"/>.
/// </summary>
public static class SupervisionBoard
{
    public const int MaxDays = 366;

    public const int ListSize = 20;

    public sealed record Filter(DateOnly From, DateOnly To, string? Division = null, Catalog.DepartmentKind? Department = null);

    public sealed record Measures(int Received, int ReceivedOnline, int Completed, int PartlyCompleted, int Refused, int OnTime, int DaysUsed, int DaysPromised, int Supplements,
        int Forms, int FormsSeparately, int Materials, int MaterialsSeparately, int Trips, int TripsSeparately)
    {
        public static readonly Measures None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public int Finished => Completed + PartlyCompleted + Refused;

        public double? OnTimeRate => Finished == 0 ? null : (double)OnTime / Finished;

        public double? OnlineRate => Received == 0 ? null : (double)ReceivedOnline / Received;

        public double? AverageDaysUsed => Finished == 0 ? null : (double)DaysUsed / Finished;

        public double? AverageDaysPromised => Finished == 0 ? null : (double)DaysPromised / Finished;

        public double? TripsPerMatter => Finished == 0 ? null : (double)Trips / Finished;

        public double? TripsSeparatelyPerMatter => Finished == 0 ? null : (double)TripsSeparately / Finished;

        public double? FormsPerMatter => Finished == 0 ? null : (double)Forms / Finished;

        public double? FormsSeparatelyPerMatter => Finished == 0 ? null : (double)FormsSeparately / Finished;

        public double? MaterialsPerMatter => Finished == 0 ? null : (double)Materials / Finished;

        public double? MaterialsSeparatelyPerMatter => Finished == 0 ? null : (double)MaterialsSeparately / Finished;

        public Measures Plus(Measures o) => new(Received + o.Received, ReceivedOnline + o.ReceivedOnline, Completed + o.Completed, PartlyCompleted + o.PartlyCompleted, Refused + o.Refused,
            OnTime + o.OnTime, DaysUsed + o.DaysUsed, DaysPromised + o.DaysPromised, Supplements + o.Supplements, Forms + o.Forms, FormsSeparately + o.FormsSeparately,
            Materials + o.Materials, MaterialsSeparately + o.MaterialsSeparately, Trips + o.Trips, TripsSeparately + o.TripsSeparately);
    }

    public sealed record Row(string Key, string Name, Measures Measures);

    public sealed record DueTask(Guid CaseId, string Matter, string UnitName, DateOnly DueDate, int DaysLate);

    public sealed record Queue(int Open, int OldestAgeDays);

    public sealed record Result(DateOnly From, DateOnly To, string Division, string DivisionName, DivisionLevel Level, IReadOnlyList<(string Code, string Name)> Path,
        Measures Totals, int? P90DaysUsed, IReadOnlyList<Row> Children, IReadOnlyList<Row> Items, IReadOnlyList<Row> Days,
        IReadOnlyList<DueTask> Overdue, IReadOnlyList<DueTask> DueSoon, Ratings.SmileIndex.Counts Smile, Queue Rectifications, Queue Reports, int ItemsOnline, int ItemsAll);

    /// <summary>The division a supervisor oversees (their unit's); a platform admin oversees every province.</summary>
    public static async Task<Outcome<string>> ScopeAsync(OneWindowDb db, Account actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return "";
        }
        if (!actor.Has(StaffRoles.Supervisor) || actor.UnitId is not { } own || await UnitQueries.DivisionOfAsync(db, own, ct) is not { } division)
        {
            return new Forbidden(Texts.T("The supervision dashboard is for supervisors"));
        }
        return division;
    }

    public static async Task<Outcome<Result>> QueryAsync(OneWindowDb db, Account actor, Filter filter, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = await ScopeAsync(db, actor, ct);
        if (!scope.Succeeded)
        {
            return scope.Failure!;
        }
        if (filter.From > filter.To || filter.To.DayNumber - filter.From.DayNumber >= MaxDays)
        {
            return ValidationFailed.Single("from", Texts.T("the period must start before it ends and span at most {0} days", MaxDays));
        }
        var code = filter.Division is { Length: > 0 } asked ? asked : scope.Value!.Length > 0 ? scope.Value : null;
        if (code is null)
        {
            return ValidationFailed.Single("division", Texts.T("must be a 12-digit division code"));
        }
        var division = Division.IsWellFormedCode(code) ? await DivisionQueries.FindAsync(db, code, ct) : null;
        if (division is null)
        {
            return ValidationFailed.Single("division", Texts.T("must be a 12-digit division code"));
        }
        var prefix = Division.ScopePrefix(division.Code);
        if (scope.Value!.Length > 0 && !prefix.StartsWith(Division.ScopePrefix(scope.Value), StringComparison.Ordinal))
        {
            return new Forbidden(Texts.T("This division is outside what you supervise"));
        }

        var level = (int)division.Level;
        var itemCodes = filter.Department is { } department
            ? (await Catalog.CatalogQueries.AllItemsAsync(db, ct)).Where(i => i.Department == department).Select(i => i.Code).ToList()
            : null;
        // Without a department the views that do not break down by item read the rows of all items together; with one,
        // its items' rows.
        IQueryable<T> Summed<T>(IQueryable<T> rows) where T : class, IItemRow =>
            itemCodes is null ? rows.Where(c => c.ItemCode == CaseRollup.AllItems) : rows.Where(c => itemCodes.Contains(c.ItemCode));
        IQueryable<CaseRollup> EachItem(IQueryable<CaseRollup> rows) =>
            itemCodes is null ? rows.Where(c => c.ItemCode != CaseRollup.AllItems) : rows.Where(c => itemCodes.Contains(c.ItemCode));
        // Whole months of the period are read from the monthly rollup, the days at its ends from the daily one; each query
        // runs on both and the rows of one key are added up.
        async Task<List<Keyed<T>>> BothAsync<T>(Func<IQueryable<CaseRollup>, IQueryable<Keyed<T>>> query) where T : notnull =>
            Merge(await Periods.ReadAsync(db.CaseCounts.AsNoTracking(), db.MonthCounts.AsNoTracking(), filter.From, filter.To, query, ct));

        var byItem = await BothAsync(rows => Sum(EachItem(rows.Where(c => c.Level == level && c.Division == division.Code)).GroupBy(c => c.ItemCode)));
        var ownDays = Summed(db.CaseCounts.AsNoTracking().Where(c => c.Level == level && c.Division == division.Code && c.Day >= filter.From && c.Day <= filter.To));
        var byDay = await Sum(ownDays.GroupBy(c => c.Day)).ToListAsync(ct);
        var (low, high) = (prefix.PadRight(12, '0'), prefix.PadRight(12, '9'));
        var children = division.Level == DivisionLevel.Village ? []
            : await BothAsync(rows => Sum(Summed(rows.Where(c => c.Level == level + 1 && string.Compare(c.Division, low) >= 0 && string.Compare(c.Division, high) <= 0)).GroupBy(c => c.Division)));
        var durations = (await Periods.ReadAsync<DurationRollup, Bucket>(db.CaseDurations.AsNoTracking(), db.MonthDurations.AsNoTracking(), filter.From, filter.To,
                rows => Summed(rows.Where(d => d.Level == level && d.Division == division.Code)).GroupBy(d => d.WorkingDays).Select(g => new Bucket(g.Key, g.Sum(d => d.Count))), ct))
            .GroupBy(d => d.Days).Select(g => (Days: g.Key, Count: g.Sum(d => d.Count))).ToList();

        var names = await Ratings.RatingNames.MattersAsync(db, [.. byItem.Select(r => r.Key)], ct);
        var childDivisions = await DivisionQueries.UnderAsync(db, prefix, division.Level == DivisionLevel.Village ? [] : [division.Level + 1], ct);
        var childNames = childDivisions.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        var path = await DivisionQueries.AncestryAsync(db, division, ct);

        // The tasks overdue and due within three days, at the units in the subtree.
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var units = await UnitQueries.InSubtreeAsync(db, prefix, ct);
        var unitIds = units.Keys.ToList();
        var overdue = await ApplicationQueries.OpenTasksDueAsync(db, unitIds, DateOnly.MinValue, today.AddDays(-1), ListSize, ct);
        var dueSoon = await ApplicationQueries.OpenTasksDueAsync(db, unitIds, today, today.AddDays(3), ListSize, ct);
        var taskNames = await Ratings.RatingNames.MattersAsync(db, [.. overdue.Concat(dueSoon).Select(t => t.ItemCode).Distinct()], ct);
        List<DueTask> Due(List<ApplicationQueries.DueTask> tasks) =>
            [.. tasks.Select(t => new DueTask(t.CaseId, taskNames.GetValueOrDefault(t.ItemCode) ?? t.ItemCode, units.GetValueOrDefault(t.UnitId) ?? "", t.DueDate, Math.Max(0, today.DayNumber - t.DueDate.DayNumber)))];

        var smile = await Ratings.SmileIndex.QueryAsync(db, actor, new Ratings.SmileIndex.Filter(filter.From, filter.To, division.Code, By: null), ct);
        var rectifications = await Ratings.Rectifications.OpenInAsync(db, unitIds, ct);
        var reports = await Unresolved.UnresolvedReports.OpenUnderAsync(db, prefix, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        static int Age(long? since, long now) => since is { } at ? (int)((now - at) / 86_400_000) : 0;
        var catalog = await Catalog.CatalogQueries.AllItemsAsync(db, ct);

        var totals = byItem.Aggregate(Measures.None, (sum, r) => sum.Plus(r.Measures));
        return new Result(filter.From, filter.To, division.Code, division.Name, division.Level, [.. path.Select(p => (p.Code, p.Name))], totals, Percentile(durations, 0.9),
            [.. children.Select(r => new Row(r.Key, childNames.GetValueOrDefault(r.Key) ?? r.Key, r.Measures)).OrderBy(r => r.Key, StringComparer.Ordinal)],
            [.. byItem.Select(r => new Row(r.Key, names.GetValueOrDefault(r.Key) ?? r.Key, r.Measures)).OrderByDescending(r => r.Measures.Received)],
            [.. byDay.OrderBy(r => r.Key).Select(r => new Row(r.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Key.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Measures))],
            Due(overdue), Due(dueSoon), smile.Value?.All ?? Ratings.SmileIndex.Counts.None,
            new Queue(rectifications.Open, Age(rectifications.OldestOpenedAt, now)), new Queue(reports.Open, Age(reports.OldestSubmittedAt, now)),
            catalog.Count(i => !(i.Audience.Count == 1 && i.Audience[0] == Catalog.ApplicantKind.Staff)), catalog.Count);
    }

    /// <summary>The smallest number of working days within which the given share of cases finished.</summary>
    public static int? Percentile(IEnumerable<(int Days, int Count)> histogram, double share)
    {
        var sorted = histogram.Where(h => h.Count > 0).OrderBy(h => h.Days).ToList();
        var total = sorted.Sum(h => h.Count);
        if (total == 0)
        {
            return null;
        }
        var needed = (int)Math.Ceiling(share * total);
        var seen = 0;
        foreach (var (days, count) in sorted)
        {
            seen += count;
            if (seen >= needed)
            {
                return days;
            }
        }
        return sorted[^1].Days;
    }

    private sealed record Keyed<T>(T Key, Measures Measures);

    /// <summary>How many cases took so many working days.</summary>
    private sealed record Bucket(int Days, int Count);

    /// <summary>Rows of the same key from the daily and the monthly rollup, added up.</summary>
    private static List<Keyed<T>> Merge<T>(List<Keyed<T>> rows) where T : notnull =>
        [.. rows.GroupBy(r => r.Key).Select(g => new Keyed<T>(g.Key, g.Aggregate(Measures.None, (sum, r) => sum.Plus(r.Measures))))];

    private static IQueryable<Keyed<T>> Sum<T>(IQueryable<IGrouping<T, CaseRollup>> groups) =>
        groups.Select(g => new Keyed<T>(g.Key, new Measures(g.Sum(c => c.Received), g.Sum(c => c.ReceivedOnline), g.Sum(c => c.Completed), g.Sum(c => c.PartlyCompleted), g.Sum(c => c.Refused),
            g.Sum(c => c.OnTime), g.Sum(c => c.DaysUsed), g.Sum(c => c.DaysPromised), g.Sum(c => c.Supplements), g.Sum(c => c.Forms), g.Sum(c => c.FormsSeparately), g.Sum(c => c.Materials),
            g.Sum(c => c.MaterialsSeparately), g.Sum(c => c.Trips), g.Sum(c => c.TripsSeparately))));
}
