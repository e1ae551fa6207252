using System.CommandLine;
using System.Text.Json;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow id check &lt;value&gt;</c>: validates a resident ID number or a unified social credit code.</summary>
public static class IdCommands
{
    public sealed record Verdict(string Kind, bool Valid, string? Reason, string? Rule, string? Region, string? BirthDate, string? Sex);

    public static Command Create(CliContext context)
    {
        var value = new Argument<string>("value") { Description = "An 18-character resident identity number (GB 11643) or unified social credit code (GB 32100)." };
        var check = new Command("check", "Detect which kind of identifier the value is, validate it, and print a JSON verdict. Exit 0 valid, 1 invalid.") { value };
        check.SetAction(async (parse, ct) =>
        {
            var verdict = Check(parse.GetValue(value) ?? "", DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime));
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(verdict, Json.Options));
            return verdict.Valid ? CliApp.Ok : CliApp.Failed;
        });
        return new Command("id", "Identity numbers and credit codes.") { check };
    }

    /// <summary>
    /// Chooses the kind by shape: 17 digits then a digit or X reads as a resident number (unless it
    /// is a valid all-digit credit code); anything else of 18 characters as a credit code.
    /// </summary>
    public static Verdict Check(string raw, DateOnly today)
    {
        var value = raw.Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            return new Verdict("unknown", false, $"must be 18 characters, got {value.Length}", "length", null, null, null);
        }
        var code = UnifiedSocialCreditCode.Parse(value);
        if (value[..17].All(char.IsAsciiDigit))
        {
            var resident = ResidentIdNumber.Parse(value, today);
            if (resident.Value is { } id)
            {
                var birth = id.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                return new Verdict("resident", true, null, null, id.RegionCode, birth, id.Sex == Sex.Male ? "male" : "female");
            }
            if (!code.IsValid)
            {
                return new Verdict("resident", false, resident.Reason, resident.Rule, null, null, null);
            }
        }
        return code.Value is { } valid
            ? new Verdict("enterprise", true, null, null, valid.DivisionCode, null, null)
            : new Verdict("enterprise", false, code.Reason, code.Rule, null, null, null);
    }
}
