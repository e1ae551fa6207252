using System.Text;
using OneWindow.Calendar;
using OneWindow.Common;

namespace OneWindow.Core.Tests.Calendar;

public sealed class CalendarFileTests
{
    private static Outcome<CalendarFile> Parse(string json) => CalendarFile.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_well_formed_file_parses()
    {
        var result = Parse(OneWindow.Testing.TestCalendars.Year2027);

        Assert.True(result.Succeeded, result.Failure?.Detail);
    }

    [Fact]
    public void One_day_called_a_year_is_refused_naming_the_missing_holidays()
    {
        var failure = Assert.IsType<ValidationFailed>(Parse("""{"source":"junk","years":[2033],"days":[{"date":"2033-01-01","kind":"holiday","name":"元旦","nameEn":"New Year's Day"}]}""").Failure);

        var message = Assert.Single(failure.Errors["years"]);
        Assert.Contains("春节（2033-01-31）", message, StringComparison.Ordinal);
        Assert.Contains("国庆节", message, StringComparison.Ordinal);
        Assert.DoesNotContain("元旦", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_festival_on_a_day_off_of_another_name_counts()
    {
        // 2020: the Mid-Autumn Festival fell on 1 October, inside the National Day break.
        Assert.Contains(2020, CalendarFile.Shipped().Years);
        Assert.Equal(new DateOnly(2020, 10, 1), StatutoryHolidays.Lunar(2020, 8, 15));
    }

    [Theory]
    [InlineData(2024, 2, 10)]
    [InlineData(2025, 1, 29)]
    [InlineData(2026, 2, 17)]
    [InlineData(2027, 2, 6)]
    [InlineData(2023, 1, 22)]
    public void The_spring_festival_is_computed_from_the_lunisolar_calendar(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), StatutoryHolidays.Lunar(year, 1, 1));

    [Theory]
    [InlineData("""{"source":"t","years":[2027],"days":[{"date":"2027-01-04","kind":"workday","name":"x","nameEn":"x"}]}""", "days[0].kind")]
    [InlineData("""{"source":"t","years":[2027],"days":[{"date":"2027-01-01","kind":"holiday","name":"x","nameEn":"x"},{"date":"2027-01-01","kind":"holiday","name":"x","nameEn":"x"}]}""", "days[1].date")]
    [InlineData("""{"source":"t","years":[2027],"days":[{"date":"2030-01-01","kind":"holiday","name":"x","nameEn":"x"}]}""", "days[0].date")]
    [InlineData("""{"source":"","years":[],"days":[]}""", "years")]
    [InlineData("""{"source":"t","years":[2027],"days":[{"date":"2027-13-01","kind":"holiday","name":"x","nameEn":"x"}]}""", "file")]
    [InlineData("not json", "file")]
    public void Broken_files_name_the_bad_field(string json, string field)
    {
        var failure = Assert.IsType<ValidationFailed>(Parse(json).Failure);

        Assert.Contains(field, failure.Errors.Keys);
    }
}
