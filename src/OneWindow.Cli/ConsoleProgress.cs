namespace OneWindow.Cli;

/// <summary>
/// Reports progress on the caller's thread, in order, before the command returns —
/// unlike <see cref="Progress{T}"/>, which posts to the thread pool and may write after the command ends.
/// </summary>
public sealed class ConsoleProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
