using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// The shared-data record an approved task writes (<see cref="SharedDataWrite"/>), checked as the reviewer's own write:
/// the reviewer's unit must belong to the owning department, and the record must satisfy the item's schema — a field the
/// schema refuses is reported as the result or answer it came from. Used by plain approvals and by the approval sequencer
/// (items that also issue a certificate).
/// </summary>
internal static class TaskRecordWrite
{
    public static async Task<Outcome<WriteRecord.Prepared>> PrepareAsync(Account reviewer, Application application, ApplicationTask task, IReadOnlyDictionary<string, string> result,
        SharedDataWrite writes, OneWindowDb db, SharedDataServices sharing, TimeProvider clock, CancellationToken ct)
    {
        string? Value(string name) => name == SharedDataWrite.Division ? application.DivisionCode : result.GetValueOrDefault(name) ?? task.Fields.GetValueOrDefault(name);
        var record = new JsonObject();
        foreach (var (field, source) in writes.Fields)
        {
            if (Value(source) is { Length: > 0 } value)
            {
                record[field] = value;
            }
        }
        var prepared = await WriteRecord.PrepareAsync(reviewer, writes.Item, Value(writes.Subject), JsonSerializer.SerializeToElement(record), db, sharing.Items, clock, ct,
            writes.Merge ? sharing.Keys : null);
        return prepared.Succeeded || prepared.Failure is not ValidationFailed invalid
            ? prepared
            : new ValidationFailed(invalid.Errors.ToDictionary(
                e => e.Key.StartsWith("data.", StringComparison.Ordinal) && writes.Fields.TryGetValue(e.Key[5..], out var source) ? $"result.{source}" : e.Key, e => e.Value));
    }
}
