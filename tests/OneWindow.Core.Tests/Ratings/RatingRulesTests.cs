using OneWindow.Calendar;
using OneWindow.Ratings;

namespace OneWindow.Core.Tests.Ratings;

public sealed class RatingRulesTests
{
    private static WorkingCalendar Shipped()
    {
        var file = CalendarFile.Shipped();
        return new WorkingCalendar(file.Years, file.Days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, NameEn = d.NameEn }));
    }

    [Theory]
    // Opened on Monday 28 September 2026: 29, 30 Sep; 国庆 1–7 Oct off; 8, 9 Oct; Saturday 10 Oct is the make-up working day; then 12–16 and 19–23 Oct.
    [InlineData("2026-09-28", "2026-10-23")]
    // Opened on the eve of the holiday: the first working day after it is 8 October.
    [InlineData("2026-09-30", "2026-10-27")]
    // Opened on a holiday counts from the next working day too.
    [InlineData("2026-10-03", "2026-10-27")]
    // An ordinary fortnight: three weeks of working days.
    [InlineData("2026-11-02", "2026-11-23")]
    public void A_rectification_is_due_fifteen_working_days_later_by_the_official_calendar(string opened, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Rectifications.DueDate(Shipped(), DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_rectification_opened_where_the_calendar_ends_waits_for_the_next_years_notice()
    {
        Assert.Null(Rectifications.DueDate(Shipped(), new DateOnly(2026, 12, 24)));
    }

    [Theory]
    [InlineData(9, 10, 0.5958, 0.9821)]
    [InlineData(0, 5, 0.0, 0.4345)]
    [InlineData(29, 30, 0.8333, 0.9941)]
    public void The_wilson_interval_matches_its_formula(int smiling, int total, double low, double high)
    {
        var (l, h) = SmileIndex.Wilson(smiling, total);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Under_thirty_ratings_there_is_no_share_only_counts_and_an_interval()
    {
        var few = new SmileIndex.Counts(20, 5, 2, 1, 1);
        Assert.Equal(29, few.Total);
        Assert.Null(few.Share);
        Assert.NotNull(few.Interval);
        var enough = few.Plus(new SmileIndex.Counts(1, 0, 0, 0, 0));
        Assert.Equal(26.0 / 30, enough.Share!.Value, 6);
        Assert.Equal(2, enough.Poor);
    }

    [Fact]
    public void The_content_hash_changes_with_anything_rated_but_the_ledger_never_sees_the_comment()
    {
        var rating = RateApplication.Hashed(new Rating
        {
            ApplicationId = Guid.NewGuid(), Stage = RatingStage.Completion, Version = 1, Level = RatingLevel.Satisfied, IndicatorSetId = "online-2019", Comment = "很好",
            Channel = RatingChannel.Web, RaterId = Guid.NewGuid(), ItemCode = "CERT-RESIDENCE", Day = new DateOnly(2026, 12, 3), CreatedAt = 1, ContentHash = "",
        });
        Assert.Equal(64, rating.ContentHash.Length);
        Assert.Equal(rating.ContentHash, RateApplication.Hashed(rating).ContentHash);
        var other = RateApplication.Hashed(new Rating
        {
            Id = rating.Id, ApplicationId = rating.ApplicationId, Stage = rating.Stage, Version = 1, Level = RatingLevel.Satisfied, IndicatorSetId = "online-2019", Comment = "很好！",
            Channel = RatingChannel.Web, RaterId = rating.RaterId, ItemCode = rating.ItemCode, Day = rating.Day, CreatedAt = 1, ContentHash = "",
        });
        Assert.NotEqual(rating.ContentHash, other.ContentHash);
    }

    [Fact]
    public void The_shipped_indicator_sets_are_the_national_schemes()
    {
        var sets = IndicatorSets.ShippedSets();
        Assert.Equal(["整体满意度", "办事效率", "办事指南精确度", "办事便捷度", "平台操作性"], sets.Single(s => s.Scope == IndicatorScope.Online).Indicators.Select(i => i.Name));
        Assert.Equal(["整体满意度", "服务效率", "服务水平", "服务态度"], sets.Single(s => s.Scope == IndicatorScope.Window).Indicators.Select(i => i.Name));
        Assert.Equal(IndicatorScope.Window, IndicatorSets.ScopeOf(RatingChannel.Kiosk));
        Assert.Equal(IndicatorScope.Online, IndicatorSets.ScopeOf(RatingChannel.Link));
    }
}
