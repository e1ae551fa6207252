using OneWindow.Common;

namespace OneWindow.Core.Tests.Supervision;

/// <summary>Which months of a dashboard period are read whole from the monthly rollup (the rest is read by day).</summary>
public sealed class PeriodTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-12-04", "2026-12-03", "2026-01-01", "2026-11-01")]   // a year back from today: eleven whole months
    [InlineData("2026-01-01", "2026-12-31", "2026-01-01", "2026-12-01")]   // a calendar year: all twelve
    [InlineData("2026-02-01", "2026-02-28", "2026-02-01", "2026-02-01")]   // February, ending on its last day
    [InlineData("2024-02-01", "2024-02-29", "2024-02-01", "2024-02-01")]   // and in a leap year
    [InlineData("2026-01-31", "2026-03-01", "2026-02-01", "2026-02-01")]   // one day either side of a whole month
    public void Whole_months_are_those_the_period_covers_from_their_first_to_their_last_day(string from, string to, string first, string last) =>
        Assert.Equal((D(first), D(last)), Periods.WholeMonths(D(from), D(to)));

    [Theory]
    [InlineData("2026-11-04", "2026-12-03")]   // thirty days across a month's end
    [InlineData("2026-02-01", "2026-02-27")]   // a month but its last day
    [InlineData("2024-02-02", "2024-02-29")]   // a month but its first day
    [InlineData("2026-12-03", "2026-12-03")]   // one day
    public void A_period_without_a_whole_month_is_read_by_day(string from, string to) =>
        Assert.Null(Periods.WholeMonths(D(from), D(to)));
}
