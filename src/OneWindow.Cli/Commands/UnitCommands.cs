using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Provisioning;
using OneWindow.Security;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow units provision &lt;division-code&gt; [--register]</c>.</summary>
public static class UnitCommands
{
    public static Command Create(CliContext context)
    {
        var code = new Argument<string>("division-code") { Description = "A province, city, county or township code (2, 4, 6, 9 or 12 digits)." };
        var register = new Option<bool>("--register") { Description = "Register the seals at once (for seals already on record); otherwise they await the level above." };
        var provision = new Command("provision", "Create a unit, an admin account and a seal for every township and village of a division, and for every department office the catalog routes its applications to.") { code, register };
        provision.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(code);
            if (OneWindow.Divisions.Division.Normalize(text) is null)
            {
                throw new CliException($"'{text}' is not a division code: give 2, 4, 6, 9 or 12 digits", CliApp.Usage);
            }
            await using var scope = await context.OpenAsync(seedReference: true, ct);
            var progress = new ConsoleProgress<ProvisionUnits.Progress>(p =>
                context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Done}/{p.Total} units ({p.Done / Math.Max(0.001, p.Elapsed.TotalSeconds):F0}/s)")));
            var outcome = await ProvisionUnits.HandleAsync(scope.Db, scope.Services.GetRequiredService<KeyEncryption>(), text!, parse.GetValue(register), scope.Clock, progress, ct);
            if (!outcome.Succeeded)
            {
                return await context.ReportAsync(outcome.Failure!);
            }
            var r = outcome.Value!;
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"provisioned {r.Units} units with {r.Accounts} admin accounts and {r.Seals} seals in {r.Elapsed.TotalSeconds:F1} s ({r.DepartmentUnits} of them department offices); {r.Skipped} already had a unit"));
            return CliApp.Ok;
        });
        return new Command("units", "Units, their accounts and seals.") { provision };
    }
}
