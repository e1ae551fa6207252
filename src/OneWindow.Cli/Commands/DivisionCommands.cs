using System.CommandLine;
using OneWindow.Divisions;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow divisions import|stats</c>.</summary>
public static class DivisionCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A division CSV (code,level,name,parent), plain or gzipped." };
        var import = new Command("import", "Load divisions from a CSV file; known codes are updated, new ones added.") { file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var existing = await scope.Db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Level, ct);
            IReadOnlyList<Division> rows;
            await using (var stream = path.OpenRead())
            {
                var read = DivisionCsv.Read(stream, code => existing.TryGetValue(code, out var level) ? level : null);
                if (!read.Succeeded)
                {
                    return await context.ReportAsync(read.Failure!);
                }
                rows = read.Value!;
            }
            await context.Err.WriteLineAsync($"read {rows.Count} divisions from {path.Name}");
            var progress = new ConsoleProgress<int>(n => context.Err.WriteLine($"  {n} of {rows.Count} written"));
            var result = await ImportDivisions.HandleAsync(scope.Db, rows, progress, ct);
            await context.Out.WriteLineAsync($"added {result.Added}, renamed {result.Renamed}, unchanged {result.Unchanged}");
            return CliApp.Ok;
        });

        var code = new Argument<string>("code") { Description = "A division code: 2, 4, 6, 9 or 12 digits (e.g. 1301 for Shijiazhuang)." };
        var stats = new Command("stats", "Count a division's descendants at each level below it.") { code };
        stats.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(code);
            if (Division.Normalize(text) is null)
            {
                throw new CliException($"'{text}' is not a division code: give 2, 4, 6, 9 or 12 digits", CliApp.Usage);
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var division = await DivisionQueries.FindAsync(scope.Db, text, ct) ?? throw new CliException($"no division has the code {text}");
            await context.Out.WriteLineAsync($"{division.Code} {division.Name} ({division.Level.ToString().ToLowerInvariant()})");
            foreach (var count in await DivisionQueries.DescendantCountsAsync(scope.Db, division, ct))
            {
                await context.Out.WriteLineAsync($"{count.Level.ToString().ToLowerInvariant(),-9} {count.Count}");
            }
            return CliApp.Ok;
        });
        return new Command("divisions", "Administrative divisions.") { import, stats };
    }
}
