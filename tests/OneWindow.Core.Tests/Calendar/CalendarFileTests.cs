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
        var result = Parse("""{"source":"test","years":[2027],"days":[{"date":"2027-01-01","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},{"date":"2026-12-31","kind":"holiday","name":"元旦","nameEn":"New Year's Day"}]}""");

        Assert.True(result.Succeeded, result.Failure?.Detail);
    }

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
