using System.CommandLine;
using System.Text.Json;
using OneWindow.Catalog;
using OneWindow.Common;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow catalog import|export</c>.</summary>
public static class CatalogCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A catalog JSON document (items and bundles)." };
        var import = new Command("import", "Create or replace items and bundles from a JSON document, after validating all of it.") { file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            CatalogDocument document;
            await using (var stream = path.OpenRead())
            {
                var parsed = CatalogDocument.Parse(stream);
                if (!parsed.Succeeded)
                {
                    return await context.ReportAsync(parsed.Failure!);
                }
                document = parsed.Value!;
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var valid = await ImportCatalog.ValidateAgainstStoreAsync(scope.Db, document, ct);
            if (!valid.Succeeded)
            {
                return await context.ReportAsync(valid.Failure!);
            }
            var result = await ImportCatalog.HandleAsync(scope.Db, document, scope.Clock, ct);
            await context.Out.WriteLineAsync($"imported {result.Items} items and {result.Bundles} bundles");
            return CliApp.Ok;
        });

        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the whole catalog as a JSON document.") { output };
        export.SetAction(async (parse, ct) =>
        {
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var json = JsonSerializer.Serialize(await ImportCatalog.ExportAsync(scope.Db, ct), JsonDefaults.Indented);
            if (parse.GetValue(output) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, json, ct);
                await context.Err.WriteLineAsync($"wrote {target.FullName}");
            }
            else
            {
                await context.Out.WriteLineAsync(json);
            }
            return CliApp.Ok;
        });
        return new Command("catalog", "The service catalog.") { import, export };
    }
}
