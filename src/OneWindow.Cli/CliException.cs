namespace OneWindow.Cli;

/// <summary>A problem to report in one line and exit with <see cref="ExitCode"/>.</summary>
public sealed class CliException(string message, int exitCode = CliApp.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
