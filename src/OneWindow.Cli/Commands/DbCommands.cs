using System.CommandLine;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow db migrate</c>: applies the configured provider's migrations.</summary>
public static class DbCommands
{
    public static Command Create(CliContext context)
    {
        var seed = new Option<bool>("--seed") { Description = "Also load the shipped divisions, calendar and catalog if the database has none." };
        var migrate = new Command("migrate", "Create or upgrade the database schema (Storage__Provider, ConnectionStrings__OneWindow).") { seed };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var scope = await context.OpenAsync(parse.GetValue(seed), ct);
            var applied = await scope.Db.Database.GetAppliedMigrationsAsync(ct);
            await context.Out.WriteLineAsync($"database is at migration {applied.LastOrDefault() ?? "(none)"} ({scope.Db.Database.ProviderName})");
            return CliApp.Ok;
        });
        return new Command("db", "Database administration.") { migrate };
    }
}
