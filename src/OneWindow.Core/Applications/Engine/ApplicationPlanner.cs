using OneWindow.Catalog;
using OneWindow.Common;

namespace OneWindow.Applications;

/// <summary>One task of a plan: an item, the form's values mapped to its fields, and the items it waits for.</summary>
/// <param name="Awaited">Fields of the item that the form does not fill (such as the child's new identity number): predecessors' results or the handling staff supply them.</param>
/// <param name="Receives">The bundle's result flows into this item: which earlier item's result fills which of its awaited fields.</param>
/// <param name="Physical">The item hands over a document or card.</param>
public sealed record PlannedTask(string ItemCode, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> Requires, IReadOnlyList<string> Awaited, IReadOnlyList<ResultFlow>? Receives = null, bool Physical = false);

/// <summary>
/// Planning, pure: a bundle (or a single item) and the one form the applicant filled become the tasks of
/// one application. The form is validated field by field against the bundle's unified form, and each
/// value again against the rules of every item field it fills (an item's rule — a birth date not in the
/// future — holds even where the bundle's field is looser); errors are keyed <c>fields.&lt;name&gt;</c> of
/// the form, next to each field. Each task receives only the values mapped to its item, under the item's
/// own field names, and waits for the items the bundle says it requires.
/// </summary>
public static class ApplicationPlanner
{
    /// <summary>Plans an application for a bundle of the catalog.</summary>
    public static Outcome<IReadOnlyList<PlannedTask>> Plan(Bundle bundle, IReadOnlyDictionary<string, ServiceItem> items, IReadOnlyDictionary<string, string>? form, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(items);
        var missingItems = bundle.Items.Where(code => !items.ContainsKey(code)).ToList();
        if (missingItems.Count > 0)
        {
            throw new InvalidOperationException($"The catalog is inconsistent: bundle {bundle.Code} names unknown items {string.Join(", ", missingItems)}.");
        }
        var errors = new FieldErrors();
        var clean = Check(bundle.Fields, form, today, errors);
        var tasks = new List<PlannedTask>(bundle.Items.Count);
        foreach (var code in bundle.Items)
        {
            var item = items[code];
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in bundle.Fields)
            {
                if (!clean.TryGetValue(field.Name, out var value))
                {
                    continue;
                }
                foreach (var mapping in field.MapsTo.Where(m => m.Item == code))
                {
                    fields[mapping.Field] = value;
                    var target = item.Fields.FirstOrDefault(f => f.Name == mapping.Field);
                    if (target?.Validate(value, today) is { } problem && !errors.Has($"fields.{field.Name}"))
                    {
                        errors.Add($"fields.{field.Name}", problem);
                    }
                }
            }
            var requires = bundle.Prerequisites.Where(p => p.Item == code).Select(p => p.Requires).Distinct(StringComparer.Ordinal).ToList();
            tasks.Add(new PlannedTask(code, fields, requires, Awaited(item, fields), [.. bundle.Flows.Where(f => f.To == code)], item.Output.Physical));
        }
        return errors.Any ? errors.ToFailure() : tasks;
    }

    /// <summary>Plans an application for one item: one task with the whole form.</summary>
    public static Outcome<IReadOnlyList<PlannedTask>> Plan(ServiceItem item, IReadOnlyDictionary<string, string>? form, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        var values = Validate(item.Fields, form, today);
        if (!values.Succeeded)
        {
            return values.Failure!;
        }
        return new List<PlannedTask> { new(item.Code, values.Value!, [], Awaited(item, values.Value!), null, item.Output.Physical) };
    }

    /// <summary>
    /// Checks a form against its field definitions: each value on its own, then the rules between fields,
    /// and no field the form does not define. Returns the cleaned, non-empty values.
    /// </summary>
    public static Outcome<Dictionary<string, string>> Validate(IEnumerable<FormField> definitions, IReadOnlyDictionary<string, string>? form, DateOnly today)
    {
        var errors = new FieldErrors();
        var clean = Check(definitions, form, today, errors);
        return errors.Any ? errors.ToFailure() : clean;
    }

    private static Dictionary<string, string> Check(IEnumerable<FormField> definitions, IReadOnlyDictionary<string, string>? form, DateOnly today, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var fields = definitions.ToList();
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = form?.GetValueOrDefault(field.Name);
            if (field.Validate(value, today) is { } problem)
            {
                errors.Add($"fields.{field.Name}", problem);
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                clean[field.Name] = TextInput.Clean(value);
            }
        }
        foreach (var field in fields)
        {
            if (!errors.Has($"fields.{field.Name}") && field.ValidateWithin(clean) is { } problem)
            {
                errors.Add($"fields.{field.Name}", problem);
            }
        }
        foreach (var unknown in (form ?? new Dictionary<string, string>()).Keys.Where(k => fields.All(f => f.Name != k)))
        {
            errors.Add($"fields.{unknown}", Texts.T("is not a field of this form"));
        }
        return clean;
    }

    private static List<string> Awaited(ServiceItem item, IReadOnlyDictionary<string, string> fields) =>
        [.. item.Fields.Where(f => !fields.ContainsKey(f.Name)).Select(f => f.Name)];
}
