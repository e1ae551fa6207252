using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;

namespace OneWindow.DataSharing;

/// <summary>
/// The shared data items the departments publish: shipped with the platform (<c>DataSharing/Data/shared-data.json</c>)
/// and loaded into <c>shared_data_items</c> when that table is empty. Each item's JSON Schema is compiled once per
/// process and text.
/// </summary>
public sealed class SharedDataItems
{
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private sealed record ShippedFile(List<ShippedItem> Items);

    private sealed record ShippedItem(string Code, string Name, string NameEn, DepartmentKind Owner, DataSubjectKind Subject, List<SharedField> Fields, JsonObject Schema);

    /// <summary>The items shipped with the platform.</summary>
    public static IReadOnlyList<SharedDataItem> Shipped()
    {
        using var stream = typeof(SharedDataItems).Assembly.GetManifestResourceStream("OneWindow.DataSharing.shared-data.json")
            ?? throw new InvalidOperationException("The shipped shared data items are missing from the build.");
        var file = JsonSerializer.Deserialize<ShippedFile>(stream, JsonDefaults.Options) ?? throw new InvalidOperationException("The shipped shared data items are empty.");
        return [.. file.Items.Select(i => new SharedDataItem
        {
            Code = i.Code, Name = i.Name, NameEn = i.NameEn, Owner = i.Owner, Subject = i.Subject, Fields = i.Fields, Schema = i.Schema.ToJsonString(),
        })];
    }

    /// <summary>Adds the shipped items the store does not have yet (by code); returns how many were added.</summary>
    public static async Task<int> SeedAsync(OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        // Items shipped since the database was made are added; those it has are the departments' own now.
        var known = await db.SharedDataItems.Select(i => i.Code).ToListAsync(ct);
        var items = Shipped().Where(i => !known.Contains(i.Code)).ToList();
        if (items.Count == 0)
        {
            return 0;
        }
        foreach (var item in items)
        {
            item.UpdatedAt = clock.GetUtcNow();
        }
        db.SharedDataItems.AddRange(items);
        await db.SaveChangesAsync(ct);
        return items.Count;
    }

    public static Task<List<SharedDataItem>> AllAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SharedDataItems.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
    }

    public static Task<SharedDataItem?> FindAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SharedDataItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
    }

    /// <summary>Where <paramref name="record"/> breaks the item's schema, by the JSON Pointer of the offending value; empty when it conforms.</summary>
    public Dictionary<string, string[]> Violations(SharedDataItem item, JsonElement record)
    {
        ArgumentNullException.ThrowIfNull(item);
        var schema = _schemas.GetOrAdd(item.Code + "\n" + item.Schema, _ => JsonSchema.FromText(item.Schema));
        var result = schema.Evaluate(record, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!result.IsValid)
        {
            foreach (var detail in (result.Details ?? []).Append(result).Where(d => d.Errors is { Count: > 0 }))
            {
                var at = "data" + detail.InstanceLocation.ToString().Replace('/', '.').TrimEnd('.');
                if (!errors.TryGetValue(at, out var list))
                {
                    errors[at] = list = [];
                }
                // additionalProperties: false reports a property it does not know as failing the schema "false".
                list.AddRange(detail.Errors!.Select(e => e.Key == "false" ? Texts.T("is not a field of {0}", item.Name) : e.Value));
            }
            if (errors.Count == 0)
            {
                errors["data"] = [Texts.T("does not match the item's schema")];
            }
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray(), StringComparer.Ordinal);
    }
}

/// <summary>Questions about stored records that other parts of the platform may ask.</summary>
public static class SharedDataRecords
{
    /// <summary>The item a record (a version) belongs to, or null when there is no such record.</summary>
    public static async Task<SharedDataItem?> ItemOfAsync(OneWindowDb db, Guid recordId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var code = await db.SharedDataRecords.AsNoTracking().Where(r => r.Id == recordId).Select(r => r.ItemCode).FirstOrDefaultAsync(ct);
        return code is null ? null : await SharedDataItems.FindAsync(db, code, ct);
    }
}
