using System.CommandLine;
using System.Globalization;
using OneWindow.Calendar;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow calendar import|day|due</c>.</summary>
public static class CalendarCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A calendar JSON file (see docs/DATA.md)." };
        var import = new Command("import", "Load official holidays and adjusted working days; each listed year is replaced.") { file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            CalendarFile calendar;
            await using (var stream = path.OpenRead())
            {
                var parsed = CalendarFile.Parse(stream);
                if (!parsed.Succeeded)
                {
                    return await context.ReportAsync(parsed.Failure!);
                }
                calendar = parsed.Value!;
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var result = await ImportCalendar.HandleAsync(scope.Db, calendar, scope.Clock, ct);
            var computed = await Applications.ComputePendingDueDates.HandleAsync(scope.Db, await ImportCalendar.LoadAsync(scope.Db, ct), scope.Clock, ct);
            await context.Out.WriteLineAsync($"imported {result.Days} days for {string.Join(", ", result.Years)}; due dates computed for {computed} pending application(s)");
            return CliApp.Ok;
        });

        var date = new Argument<string>("date") { Description = "A date, yyyy-mm-dd." };
        var day = new Command("day", "Print 'workday' or 'off' for a date, with the holiday's name.") { date };
        day.SetAction(async (parse, ct) =>
        {
            var when = ParseDate(parse.GetValue(date));
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var verdict = (await ImportCalendar.LoadAsync(scope.Db, ct)).Day(when);
            if (!verdict.Succeeded)
            {
                return await context.ReportAsync(verdict.Failure!);
            }
            var v = verdict.Value!;
            var line = (v.IsWorkday, v.HolidayName) switch
            {
                (true, null) => "workday",
                (true, _) => $"workday (adjusted working day for {v.HolidayName} {v.HolidayNameEn})",
                (false, null) => "off (weekend)",
                (false, _) => $"off {v.HolidayName} ({v.HolidayNameEn})",
            };
            await context.Out.WriteLineAsync(line);
            return CliApp.Ok;
        });

        var from = new Argument<string>("date") { Description = "The date the time limit starts from, yyyy-mm-dd (day one is the next working day)." };
        var days = new Argument<int>("n") { Description = "The time limit in working days (1 or more)." };
        var due = new Command("due", "Print the date on which a time limit of n working days ends.") { from, days };
        due.SetAction(async (parse, ct) =>
        {
            var start = ParseDate(parse.GetValue(from));
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var result = (await ImportCalendar.LoadAsync(scope.Db, ct)).Due(start, parse.GetValue(days));
            if (!result.Succeeded)
            {
                return await context.ReportAsync(result.Failure!);
            }
            await context.Out.WriteLineAsync(result.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return CliApp.Ok;
        });
        return new Command("calendar", "The official working-day calendar.") { import, day, due };
    }

    private static DateOnly ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliException($"'{text}' is not a date: write it yyyy-mm-dd", CliApp.Usage);
}
