using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog;
using OneWindow.DataSharing;
using OneWindow.Proactive;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow benefits check|rules|scan</c>: the rules of benefits without application (免申即享).</summary>
public static class BenefitCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A benefit rules JSON file (see docs/DATA.md)." };
        var check = new Command("check", "Check a rules file against its schema, the catalog and the shared data items; exit 1 naming each rule and reason.") { file };
        check.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            Common.Outcome<RuleSet> parsed;
            await using (var stream = path.OpenRead())
            {
                parsed = BenefitRules.Parse(stream);
            }
            if (!parsed.Succeeded)
            {
                return await context.ReportAsync(parsed.Failure!);
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var items = (await CatalogQueries.AllItemsAsync(scope.Db, ct)).Select(ItemDocument.From).ToDictionary(i => i.Code, StringComparer.Ordinal);
            var data = (await SharedDataItems.AllAsync(scope.Db, ct)).ToDictionary(i => i.Code, StringComparer.Ordinal);
            var checkedRules = BenefitRules.Check(parsed.Value!, items, data);
            if (!checkedRules.Succeeded)
            {
                return await context.ReportAsync(checkedRules.Failure!);
            }
            await context.Out.WriteLineAsync($"{checkedRules.Value!.Rules.Count} rule(s) fit the schema, the catalog and the shared data items");
            return CliApp.Ok;
        });

        var rulesFile = new Option<FileInfo?>("--rules") { Description = "The rules file in force (Proactive:RulesFile); the shipped rules when not given." };
        var list = new Command("rules", "List the rules in force with what sets them off, what they grant and their source.") { rulesFile };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await OpenAsync(context, parse.GetValue(rulesFile), ct);
            foreach (var rule in scope.Services.GetRequiredService<ProactiveRules>().Engine.Rules)
            {
                var on = rule.On.Kind == TriggerKind.Scan ? $"scan of {rule.On.Data}" : $"approval of {rule.On.Item}";
                await context.Out.WriteLineAsync($"{rule.Code}\t{(rule.Enabled ? "on" : "off")}\t{on} → {rule.Grant.Item}\t{rule.Name}\t{rule.Source}");
            }
            return CliApp.Ok;
        });

        var ruleCode = new Option<string?>("--rule") { Description = "Only this rule (its code)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Grant nothing: say whom each rule would reach (a rule switched off may be tried)." };
        var scan = new Command("scan", "Find people who became eligible through data alone (turning 80) and grant their benefits; progress as it goes.") { ruleCode, dryRun, rulesFile };
        scan.SetAction(async (parse, ct) =>
        {
            await using var scope = await OpenAsync(context, parse.GetValue(rulesFile), ct);
            var trial = parse.GetValue(dryRun);
            var progress = new ConsoleProgress<ScanBenefits.Progress>(p => context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Rule}: {p.Looked:N0} of {p.Total:N0} records looked at, {p.Candidates:N0} eligible by their own data, {p.Granted:N0} {(trial ? "would be granted" : "granted")}")));
            var outcome = await scope.Services.GetRequiredService<ScanBenefits>().RunAsync(parse.GetValue(ruleCode), trial, progress, ct);
            if (!outcome.Succeeded)
            {
                return await context.ReportAsync(outcome.Failure!);
            }
            foreach (var result in outcome.Value!)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Rule}: {result.Looked:N0} records, {result.Candidates:N0} eligible by their own data, {result.Granted:N0} {(result.DryRun ? "would be granted" : "granted")}, {result.AlreadyGranted:N0} granted before"));
                foreach (var person in result.Reached)
                {
                    await context.Out.WriteLineAsync($"  would reach {person}");
                }
                foreach (var note in result.Notes)
                {
                    await context.Out.WriteLineAsync($"  note: {note}");
                }
            }
            return CliApp.Ok;
        });
        return new Command("benefits", "Benefits without application (免申即享): check rule files, list the rules, run the scan.") { check, list, scan };
    }

    /// <summary>The database with the rules in force loaded (a file that does not fit stops the command, naming each rule and reason).</summary>
    private static async Task<DbScope> OpenAsync(CliContext context, FileInfo? rules, CancellationToken ct)
    {
        var scope = await context.OpenAsync(seedReference: true, ct);
        try
        {
            await scope.Services.GetRequiredService<ProactiveRules>().LoadAsync(scope.Db, rules?.FullName ?? context.Configuration["Proactive:RulesFile"], ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            await scope.DisposeAsync();
            throw new CliException(ex.Message);
        }
        return scope;
    }
}
