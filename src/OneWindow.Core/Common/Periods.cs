using Microsoft.EntityFrameworkCore;

namespace OneWindow.Common;

/// <summary>A rollup row of one period: a local day, or a month by its first day.</summary>
public interface IPeriodRow
{
    DateOnly Day { get; }
}

/// <summary>
/// How a period is read from rollups kept by day and by month: its whole months from the monthly rows, the days at its
/// ends from the daily ones — a year is twelve rows per key instead of 365.
/// </summary>
public static class Periods
{
    /// <summary>The whole months within a period (the first days of the first and the last), or null when it holds none.</summary>
    public static (DateOnly First, DateOnly Last)? WholeMonths(DateOnly from, DateOnly to)
    {
        var first = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var lastDay = to.AddDays(1).Day == 1 ? to : new DateOnly(to.Year, to.Month, 1).AddDays(-1);
        return first <= lastDay ? (first, new DateOnly(lastDay.Year, lastDay.Month, 1)) : null;
    }

    /// <summary>The daily rows of the period outside its whole months.</summary>
    public static IQueryable<T> InDays<T>(IQueryable<T> rows, DateOnly from, DateOnly to, (DateOnly First, DateOnly Last)? whole) where T : class, IPeriodRow
    {
        if (whole is not var (first, last))
        {
            return rows.Where(c => c.Day >= from && c.Day <= to);
        }
        // Two ranges of days, each answered from an index led by the day (one range with the middle excluded is read whole).
        var end = last.AddMonths(1).AddDays(-1);
        return rows.Where(c => (c.Day >= from && c.Day < first) || (c.Day > end && c.Day <= to));
    }

    /// <summary>
    /// Runs <paramref name="query"/> over a period: on the daily rows of its ends and on the monthly rows of its whole
    /// months (when it has any); the results of both together, a key possibly twice.
    /// </summary>
    public static async Task<List<TResult>> ReadAsync<TRow, TResult>(IQueryable<TRow> daily, IQueryable<TRow> monthly, DateOnly from, DateOnly to,
        Func<IQueryable<TRow>, IQueryable<TResult>> query, CancellationToken ct) where TRow : class, IPeriodRow
    {
        ArgumentNullException.ThrowIfNull(query);
        var whole = WholeMonths(from, to);
        var results = await query(InDays(daily, from, to, whole)).ToListAsync(ct);
        if (whole is not null)
        {
            results.AddRange(await query(InMonths(monthly, whole)).ToListAsync(ct));
        }
        return results;
    }

    /// <summary>The monthly rows of the period's whole months (none without).</summary>
    public static IQueryable<T> InMonths<T>(IQueryable<T> rows, (DateOnly First, DateOnly Last)? whole) where T : class, IPeriodRow
    {
        var (first, last) = whole ?? (DateOnly.MaxValue, DateOnly.MinValue);
        return rows.Where(c => c.Day >= first && c.Day <= last);
    }
}
