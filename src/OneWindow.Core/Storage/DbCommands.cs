using System.Data.Common;

namespace OneWindow.Storage;

/// <summary>The one helper the hand-written statements share (ledger, outboxes, allocation, imports).</summary>
public static class DbCommands
{
    /// <summary>Adds a named parameter to the command and returns it, so a prepared statement can reset its value per row.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
