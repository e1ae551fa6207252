using System.CommandLine;
using Microsoft.Extensions.Configuration;
using OneWindow.Cli.Commands;

namespace OneWindow.Cli;

/// <summary>
/// The <c>onewindow</c> command line. Exit codes: 0 success, 1 the command ran and found a problem
/// (invalid input data, a failed check), 2 usage error.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IConfiguration configuration, CancellationToken ct, HttpMessageHandler? httpHandler = null)
    {
        var context = new CliContext(stdout, stderr, configuration, httpHandler);
        var root = new RootCommand("OneWindow: government services platform — administration commands.")
        {
            IdCommands.Create(context),
            DbCommands.Create(context),
            DivisionCommands.Create(context),
            CalendarCommands.Create(context),
            CatalogCommands.Create(context),
            LedgerCommands.Create(context),
            CertCommands.Create(context),
            UnitCommands.Create(context),
            BenefitCommands.Create(context),
        };
        var parsed = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }
            await stderr.WriteLineAsync("Run 'onewindow --help' (or the command followed by --help) for usage.");
            return Usage;
        }
        try
        {
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (HttpRequestException ex)
        {
            await stderr.WriteLineAsync($"error: cannot reach the log: {ex.Message}");
            return Failed;
        }
        catch (InvalidOperationException ex)
        {
            // Configuration and storage problems: say what is wrong, without a stack trace.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return Failed;
        }
    }
}
