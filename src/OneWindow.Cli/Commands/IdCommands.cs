using System.CommandLine;
using System.Text.Json;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow id check &lt;value&gt;</c>: says which kind of identity number or credit code a value is, and validates it.</summary>
public static class IdCommands
{
    public static Command Create(CliContext context)
    {
        var value = new Argument<string>("value") { Description = "An 18-character identity number (GB 11643: resident ID card, Hong Kong/Macao/Taiwan residence permit, foreign permanent resident ID card) or unified social credit code (GB 32100)." };
        var check = new Command("check", "Detect which kind of identifier the value is, validate it, and print a JSON verdict. Exit 0 valid, 1 invalid.") { value };
        check.SetAction(async (parse, ct) =>
        {
            var verdict = Check(parse.GetValue(value) ?? "", DateOnly.FromDateTime(Common.ServiceTimeProvider.FromConfiguration(context.Configuration).GetLocalNow().DateTime));
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(verdict, JsonDefaults.Options));
            return verdict.Valid ? CliApp.Ok : CliApp.Failed;
        });
        return new Command("id", "Identity numbers and credit codes.") { check };
    }

    public static IdentifierCheck.Verdict Check(string raw, DateOnly today) => IdentifierCheck.Check(raw, today);
}
