using Microsoft.EntityFrameworkCore;

namespace OneWindow.Calendar;

/// <summary>Loads a calendar file: each listed year is replaced by the file's days for it.</summary>
public static class ImportCalendar
{
    public sealed record Result(IReadOnlyList<int> Years, int Days);

    public static async Task<Result> HandleAsync(OneWindowDb db, CalendarFile file, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var dates = file.Days.Select(d => d.Date).ToHashSet();
        var existing = await db.CalendarDays.ToListAsync(ct);
        // A year's notice owns that year's days; days of other years are only added or updated.
        db.CalendarDays.RemoveRange(existing.Where(d => file.Years.Contains(d.Date.Year) && !dates.Contains(d.Date)));
        var byDate = existing.ToDictionary(d => d.Date);
        foreach (var day in file.Days)
        {
            if (byDate.TryGetValue(day.Date, out var row))
            {
                row.Kind = day.Kind;
                row.Name = day.Name;
                row.NameEn = day.NameEn;
            }
            else
            {
                db.CalendarDays.Add(new CalendarDay { Date = day.Date, Kind = day.Kind, Name = day.Name, NameEn = day.NameEn });
            }
        }
        var years = await db.CalendarYears.ToDictionaryAsync(y => y.Year, ct);
        foreach (var year in file.Years)
        {
            if (!years.TryGetValue(year, out var row))
            {
                row = new CalendarYear { Year = year, Source = file.Source };
                db.CalendarYears.Add(row);
            }
            row.Source = file.Source;
            row.ImportedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result([.. file.Years.Order()], file.Days.Count);
    }

    /// <summary>Loads the whole calendar from storage (a few hundred rows).</summary>
    public static async Task<WorkingCalendar> LoadAsync(OneWindowDb db, CancellationToken ct)
    {
        var years = await db.CalendarYears.Select(y => y.Year).ToListAsync(ct);
        var days = await db.CalendarDays.AsNoTracking().ToListAsync(ct);
        return new WorkingCalendar(years, days);
    }

    /// <summary>Whether any year's calendar has been imported.</summary>
    public static Task<bool> AnyYearAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.CalendarYears.AnyAsync(ct);
    }
}
