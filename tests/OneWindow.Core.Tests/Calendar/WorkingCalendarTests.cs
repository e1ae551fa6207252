using OneWindow.Calendar;
using OneWindow.Common;

namespace OneWindow.Core.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar s_calendar = Shipped();

    private static WorkingCalendar Shipped()
    {
        var file = CalendarFile.Shipped();
        return new WorkingCalendar(file.Years, file.Days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, NameEn = d.NameEn }));
    }

    [Fact]
    public void The_shipped_calendar_covers_2020_to_2026()
    {
        Assert.All(Enumerable.Range(2020, 7), y => Assert.True(s_calendar.Covers(y), $"{y} missing"));
    }

    [Theory]
    [InlineData("2024-02-10", false, "春节")]
    [InlineData("2024-02-17", false, "春节")]
    [InlineData("2024-02-04", true, "春节")]
    [InlineData("2024-02-18", true, "春节")]
    [InlineData("2025-01-28", false, "春节")]
    [InlineData("2025-01-26", true, "春节")]
    [InlineData("2025-02-08", true, "春节")]
    [InlineData("2024-10-01", false, "国庆节")]
    [InlineData("2024-10-12", true, "国庆节")]
    public void Notice_days_follow_the_state_council(string date, bool workday, string holiday)
    {
        var verdict = s_calendar.Day(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(verdict.Succeeded);
        Assert.Equal(workday, verdict.Value!.IsWorkday);
        Assert.Equal(holiday, verdict.Value.HolidayName);
    }

    [Theory]
    [InlineData("2024-11-23", false)] // Saturday
    [InlineData("2024-11-24", false)] // Sunday
    [InlineData("2024-11-25", true)]  // Monday
    public void Ordinary_weeks_have_weekends_off(string date, bool workday)
    {
        Assert.Equal(workday, s_calendar.Day(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Value!.IsWorkday);
    }

    [Theory]
    [InlineData("2024-09-30", 1, "2024-10-08")]
    [InlineData("2024-09-30", 3, "2024-10-10")]
    [InlineData("2024-09-27", 1, "2024-09-29")] // the Sunday before National Day is an adjusted working day
    [InlineData("2024-02-08", 6, "2024-02-22")] // across the Spring Festival break: Feb 9, then Feb 18 (Sunday, adjusted) to 22
    [InlineData("2024-11-22", 5, "2024-11-29")]
    public void Due_dates_count_working_days_from_the_next_one(string from, int days, string due)
    {
        var result = s_calendar.Due(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days);

        Assert.True(result.Succeeded);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), result.Value);
    }

    [Fact]
    public void A_year_without_data_is_an_explicit_error_not_a_guess()
    {
        var day = s_calendar.Day(new DateOnly(2031, 5, 1));
        var due = s_calendar.Due(new DateOnly(2026, 12, 20), 30);

        Assert.IsType<Missing>(day.Failure);
        Assert.IsType<Missing>(due.Failure);
        Assert.Contains("2027", due.Failure!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(WorkingCalendar.MaxWorkingDays + 1)]
    public void Nonsense_time_limits_are_rejected(int days)
    {
        Assert.IsType<ValidationFailed>(s_calendar.Due(new DateOnly(2024, 1, 2), days).Failure);
    }

    [Fact]
    public void Working_days_between_is_the_inverse_of_due()
    {
        var from = new DateOnly(2025, 9, 26);
        for (var n = 1; n < 40; n++)
        {
            var due = s_calendar.Due(from, n).Value;
            Assert.Equal(n, s_calendar.WorkingDaysBetween(from, due).Value);
        }
    }
}
