namespace OneWindow.Calendar;

/// <summary>What the State Council's notice makes of a date.</summary>
public enum DayKind
{
    /// <summary>A public holiday day off (法定节假日/放假).</summary>
    Holiday,

    /// <summary>A weekend day made a working day (调休上班).</summary>
    Workday,
}

/// <summary>A date that an official notice marks as a holiday or an adjusted working day.</summary>
public sealed class CalendarDay
{
    public required DateOnly Date { get; init; }

    public required DayKind Kind { get; set; }

    /// <summary>The holiday's Chinese name, e.g. 春节.</summary>
    public required string Name { get; set; }

    public required string NameEn { get; set; }
}
