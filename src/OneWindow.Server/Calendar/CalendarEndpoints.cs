using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Calendar;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Calendar;

/// <summary>Working-day questions over the official calendar, and loading a new year's notice.</summary>
public static class CalendarEndpoints
{
    /// <summary>What an import loaded, and how many applications waiting for it got their due dates.</summary>
    public sealed record ImportView(IReadOnlyList<int> Years, int Days, int DueDatesComputed);

    /// <summary>The end of a time limit; null with the missing year while that year's calendar is not loaded.</summary>
    public sealed record DueView(DateOnly From, int Days, DateOnly? Due, int? PendingYear = null);

    public static void MapCalendar(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calendar").WithTags("Calendar");
        api.MapGet("/years", async (OneWindowDb db, CalendarCache calendars, CancellationToken ct) =>
            TypedResults.Ok((await calendars.GetAsync(db, ct)).Years.Order().ToList()));
        api.MapGet("/days/{date}", DayAsync);
        api.MapGet("/due", DueAsync);
        api.MapPost("/import", ImportAsync).RequireAuthorization(Claims.PlatformAdminPolicy).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(4 * 1024 * 1024));
    }

    private static async Task<Results<Ok<DayVerdict>, ProblemHttpResult>> DayAsync(string date, OneWindowDb db, CalendarCache calendars, CancellationToken ct)
    {
        if (!TryParseDate(date, out var day))
        {
            return Problems.Field("date", "must be a date written yyyy-mm-dd, between 1900 and 2199");
        }
        var verdict = (await calendars.GetAsync(db, ct)).Day(day);
        return verdict.Succeeded ? TypedResults.Ok(verdict.Value) : Problems.From(verdict.Failure!);
    }

    private static async Task<Results<Ok<DueView>, ProblemHttpResult>> DueAsync(string? from, int? days, OneWindowDb db, CalendarCache calendars, CancellationToken ct)
    {
        if (!TryParseDate(from, out var start))
        {
            return Problems.Field("from", "must be a date written yyyy-mm-dd, between 1900 and 2199");
        }
        if (days is null)
        {
            return Problems.Field("days", "is required: the time limit in working days");
        }
        var calendar = await calendars.GetAsync(db, ct);
        var due = calendar.Due(start, days.Value);
        if (due.Failure is Common.Missing)
        {
            // A year the limit runs into has no calendar yet: the due date is pending, not an error.
            return TypedResults.Ok(new DueView(start, days.Value, null, Enumerable.Range(start.Year, 200).First(y => !calendar.Covers(y))));
        }
        return due.Succeeded ? TypedResults.Ok(new DueView(start, days.Value, due.Value)) : Problems.From(due.Failure!);
    }

    private static async Task<Results<Ok<ImportView>, ProblemHttpResult>> ImportAsync(HttpRequest request, OneWindowDb db, CalendarCache calendars, TimeProvider clock, CancellationToken ct)
    {
        if (Problems.UnlessJson(request) is { } unsupported)
        {
            return unsupported;
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var file = CalendarFile.Parse(body);
        if (!file.Succeeded)
        {
            return Problems.From(file.Failure!);
        }
        var result = await ImportCalendar.HandleAsync(db, file.Value!, clock, ct);
        calendars.Invalidate();
        var computed = await OneWindow.Applications.ComputePendingDueDates.HandleAsync(db, await calendars.GetAsync(db, ct), clock, ct);
        return TypedResults.Ok(new ImportView(result.Years, result.Days, computed));
    }

    /// <summary>Dates the platform reasons about: 1900 to 2199. Anything else is the caller's mistake, not an overflow.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 1900 and <= 2199;
}
