namespace OneWindow.Calendar;

/// <summary>A year whose notice has been loaded; dates of other years have no answer.</summary>
public sealed class CalendarYear
{
    public required int Year { get; init; }

    public required string Source { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}
