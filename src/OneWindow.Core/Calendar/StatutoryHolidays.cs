using System.Globalization;

namespace OneWindow.Calendar;

/// <summary>
/// The public holidays every State Council notice must grant (《全国年节及纪念日放假办法》): New Year's
/// Day, the Spring Festival, Tomb-Sweeping Day, Labour Day, the Dragon Boat Festival, the Mid-Autumn
/// Festival and National Day — the three traditional festivals besides the Spring Festival only since
/// 2008. Their dates are computed (Gregorian fixed days, the Chinese lunisolar calendar, the Qingming
/// solar term), so a year's calendar file can be checked for each one being a day off.
/// </summary>
public static class StatutoryHolidays
{
    private static readonly ChineseLunisolarCalendar s_lunar = new();

    /// <summary>A holiday and the dates of which at least one must be a day off in that year's notice.</summary>
    public sealed record Holiday(string Name, string NameEn, IReadOnlyList<DateOnly> Dates);

    /// <summary>The statutory holidays of <paramref name="year"/> (1901–2100, the lunisolar calendar's range).</summary>
    public static IReadOnlyList<Holiday> Of(int year)
    {
        var list = new List<Holiday>
        {
            new("元旦", "New Year's Day", [new DateOnly(year, 1, 1)]),
            new("春节", "Spring Festival", [Lunar(year, 1, 1)]),
            new("劳动节", "Labour Day", [new DateOnly(year, 5, 1)]),
            new("国庆节", "National Day", [new DateOnly(year, 10, 1)]),
        };
        if (year >= 2008)
        {
            // Qingming is the solar term at the sun's longitude 15°: 4 or 5 April in this era (3–6 to be safe).
            list.Add(new("清明节", "Tomb-Sweeping Day", [new DateOnly(year, 4, 3), new DateOnly(year, 4, 4), new DateOnly(year, 4, 5), new DateOnly(year, 4, 6)]));
            list.Add(new("端午节", "Dragon Boat Festival", [Lunar(year, 5, 5)]));
            list.Add(new("中秋节", "Mid-Autumn Festival", [Lunar(year, 8, 15)]));
        }
        return list;
    }

    public static bool Supports(int year) => year is >= 1901 and <= 2100;

    /// <summary>The Gregorian date of a lunar month and day in the lunar year that begins in <paramref name="year"/>.</summary>
    public static DateOnly Lunar(int year, int month, int day)
    {
        var leap = s_lunar.GetLeapMonth(year); // 0, or the index of the leap month (the month after it is "month - 1 again")
        var index = leap > 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(s_lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
