namespace OneWindow.Calendar;

/// <summary>
/// The working calendar in memory: loaded once, replaced when this process imports a year, and
/// reloaded after <see cref="Lifetime"/> so another process's import is seen within minutes.
/// </summary>
public sealed class CalendarCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private (WorkingCalendar Calendar, DateTimeOffset Until)? _current;

    public async Task<WorkingCalendar> GetAsync(OneWindowDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_current is { } cached && cached.Until > now)
        {
            return cached.Calendar;
        }
        var calendar = await ImportCalendar.LoadAsync(db, ct);
        _current = (calendar, now + Lifetime);
        return calendar;
    }

    /// <summary>Forgets the loaded calendar (after an import).</summary>
    public void Invalidate() => _current = null;

    /// <summary>Years that a date within <paramref name="horizonDays"/> of today falls in but that are not loaded.</summary>
    public async Task<IReadOnlyList<int>> MissingYearsAsync(OneWindowDb db, int horizonDays, CancellationToken ct)
    {
        var calendar = await GetAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return [.. new[] { today.Year, today.AddDays(horizonDays).Year }.Distinct().Where(y => !calendar.Covers(y))];
    }
}
