using System.Text.Json;
using OneWindow.Common;

namespace OneWindow.Calendar;

/// <summary>One day of a calendar file.</summary>
public sealed record CalendarFileDay(DateOnly Date, DayKind Kind, string Name, string NameEn);

/// <summary>
/// The shipped and importable calendar format: the years whose notices it holds and the days those
/// notices mark (see docs/DATA.md).
/// </summary>
public sealed record CalendarFile(string Source, IReadOnlyList<int> Years, IReadOnlyList<CalendarFileDay> Days)
{
    public static Outcome<CalendarFile> Parse(Stream stream)
    {
        CalendarFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CalendarFile>(stream, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            return ValidationFailed.Single("file", Texts.T("not a calendar JSON file: {0}", ex.Message));
        }
        if (file is null)
        {
            return ValidationFailed.Single("file", Texts.T("empty file"));
        }
        return file.Validate();
    }

    public static CalendarFile Shipped()
    {
        using var stream = typeof(CalendarFile).Assembly.GetManifestResourceStream("OneWindow.Calendar.calendar.json")
            ?? throw new InvalidOperationException("The shipped calendar resource is missing from the build.");
        var parsed = Parse(stream);
        return parsed.Value ?? throw new InvalidOperationException($"The shipped calendar is invalid: {parsed.Failure?.Detail}");
    }

    private Outcome<CalendarFile> Validate()
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(Source))
        {
            errors.Add("source", Texts.T("must name where the data comes from"));
        }
        if (Years is null || Years.Count == 0)
        {
            errors.Add("years", Texts.T("must list at least one year"));
        }
        else
        {
            foreach (var year in Years.Where(y => y is < 1949 or > 2200))
            {
                errors.Add("years", Texts.T("{0} is not a plausible year", year));
            }
            if (Years.Distinct().Count() != Years.Count)
            {
                errors.Add("years", Texts.T("lists a year twice"));
            }
        }
        if (Days is null)
        {
            errors.Add("days", Texts.T("is required"));
        }
        else
        {
            var seen = new HashSet<DateOnly>();
            for (var i = 0; i < Days.Count; i++)
            {
                var day = Days[i];
                if (day is null)
                {
                    errors.Add($"days[{i}]", Texts.T("is empty"));
                    continue;
                }
                if (!seen.Add(day.Date))
                {
                    errors.Add($"days[{i}].date", Texts.T("{0:yyyy-MM-dd} appears twice", day.Date));
                }
                if (string.IsNullOrWhiteSpace(day.Name) || string.IsNullOrWhiteSpace(day.NameEn))
                {
                    errors.Add($"days[{i}].name", Texts.T("name and nameEn are required"));
                }
                if (day.Kind == DayKind.Workday && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    errors.Add($"days[{i}].kind", Texts.T("{0:yyyy-MM-dd} is a weekday; only a Saturday or Sunday can be an adjusted working day", day.Date));
                }
                if (Years is not null && !Years.Contains(day.Date.Year) && !Years.Contains(day.Date.Year + 1))
                {
                    errors.Add($"days[{i}].date", Texts.T("{0:yyyy-MM-dd} belongs to no listed year's notice", day.Date));
                }
            }
        }
        if (!errors.Any)
        {
            CheckStatutoryHolidays(errors);
        }
        return errors.Any ? errors.ToFailure() : this;
    }

    /// <summary>
    /// Each listed year's notice gives every statutory holiday a day off on (one of) its dates — a holiday
    /// entry, or a weekend the notice leaves alone — and grants holiday days within a week of it (a notice
    /// that only lists weekends has not been read).
    /// </summary>
    private void CheckStatutoryHolidays(FieldErrors errors)
    {
        var holidays = Days.Where(d => d.Kind == DayKind.Holiday).Select(d => d.Date).ToHashSet();
        var workdays = Days.Where(d => d.Kind == DayKind.Workday).Select(d => d.Date).ToHashSet();
        bool Off(DateOnly d) => holidays.Contains(d) || (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && !workdays.Contains(d));
        bool Granted(DateOnly d) => Enumerable.Range(-7, 15).Any(i => holidays.Contains(d.AddDays(i)));
        foreach (var year in Years)
        {
            if (!StatutoryHolidays.Supports(year))
            {
                errors.Add("years", Texts.T("{0}: holidays can only be checked for 1901 to 2100", year));
                continue;
            }
            var missing = StatutoryHolidays.Of(year).Where(h => !h.Dates.Any(d => Off(d) && Granted(d))).ToList();
            if (missing.Count > 0)
            {
                errors.Add("years", Texts.T("{0} lacks statutory holidays: {1} — a year's notice must give each of them a day off", year, string.Join(Texts.T(", "), missing.Select(h => Texts.T("{0} ({1:yyyy-MM-dd})", h.Name, h.Dates[0])))));
            }
        }
    }
}
