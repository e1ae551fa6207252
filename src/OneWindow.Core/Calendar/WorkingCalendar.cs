using OneWindow.Common;

namespace OneWindow.Calendar;

/// <summary>The verdict for one date.</summary>
public sealed record DayVerdict(DateOnly Date, bool IsWorkday, string? HolidayName, string? HolidayNameEn, bool IsAdjustedWorkday);

/// <summary>
/// Working-day arithmetic over the official calendar: Saturdays and Sundays are off unless a notice
/// makes them adjusted working days; notice holidays are off. Pure: built from loaded days, no I/O.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _days;
    private readonly HashSet<int> _years;

    public WorkingCalendar(IEnumerable<int> years, IEnumerable<CalendarDay> days)
    {
        _years = [.. years];
        _days = days.ToDictionary(d => d.Date);
    }

    /// <summary>Longest time limit accepted, so a typo cannot walk the calendar for ever.</summary>
    public const int MaxWorkingDays = 3650;

    public IReadOnlyCollection<int> Years => _years;

    public bool Covers(int year) => _years.Contains(year);

    public Outcome<DayVerdict> Day(DateOnly date)
    {
        if (!Covers(date.Year))
        {
            return NoData(date.Year);
        }
        return Classify(date);
    }

    /// <summary>
    /// The date on which a time limit of <paramref name="workingDays"/> working days ends, counting
    /// the first working day after <paramref name="from"/> as day one.
    /// </summary>
    public Outcome<DateOnly> Due(DateOnly from, int workingDays)
    {
        if (workingDays is < 1 or > MaxWorkingDays)
        {
            return ValidationFailed.Single("days", Texts.T("must be between 1 and {0}", MaxWorkingDays));
        }
        var date = from;
        var counted = 0;
        while (counted < workingDays)
        {
            date = date.AddDays(1);
            if (!Covers(date.Year))
            {
                return NoData(date.Year);
            }
            if (Classify(date).IsWorkday)
            {
                counted++;
            }
        }
        return date;
    }

    /// <summary>Working days strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public Outcome<int> WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (!Covers(date.Year))
            {
                return NoData(date.Year);
            }
            if (Classify(date).IsWorkday)
            {
                count++;
            }
        }
        return count;
    }

    private DayVerdict Classify(DateOnly date)
    {
        if (_days.TryGetValue(date, out var day))
        {
            return day.Kind switch
            {
                DayKind.Holiday => new DayVerdict(date, false, day.Name, day.NameEn, false),
                DayKind.Workday => new DayVerdict(date, true, day.Name, day.NameEn, true),
            };
        }
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return new DayVerdict(date, !weekend, null, null, false);
    }

    private static Missing NoData(int year) => new("Official calendar data for {0}", year);
}
