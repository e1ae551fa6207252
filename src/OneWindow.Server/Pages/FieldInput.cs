using OneWindow.Catalog;

namespace OneWindow.Server.Pages;

/// <summary>One form field as the shared partial draws it: its definition, the posted name, the value so far and its errors.</summary>
public sealed record FieldInput(FormField Field, string Name, string? Value, IReadOnlyList<string> Errors)
{
    /// <summary>A field of a form posted as <c>Values[name]</c>, with the errors keyed <c>fields.name</c>.</summary>
    public static FieldInput Of(FormField field, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string[]> errors, string prefix = "Values")
    {
        ArgumentNullException.ThrowIfNull(field);
        return new FieldInput(field, $"{prefix}[{field.Name}]", values.GetValueOrDefault(field.Name), errors.GetValueOrDefault($"fields.{field.Name}") ?? []);
    }

    /// <summary>A declared result an approving reviewer gives, posted as <c>Result[name]</c>, with the errors keyed <c>result.name</c>.</summary>
    public static FieldInput OfResult(FormField field, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new FieldInput(field, $"Result[{field.Name}]", values.GetValueOrDefault(field.Name), errors.GetValueOrDefault($"result.{field.Name}") ?? []);
    }

    /// <summary>
    /// The non-empty values posted as <c>prefix[name]</c>. Read from the form directly: a dictionary bound by
    /// the model binder takes every posted field (the antiforgery token too) when none carries the prefix.
    /// </summary>
    public static Dictionary<string, string> Posted(Microsoft.AspNetCore.Http.IFormCollection form, string prefix)
    {
        ArgumentNullException.ThrowIfNull(form);
        var start = prefix + "[";
        return form.Keys
            .Where(k => k.StartsWith(start, StringComparison.Ordinal) && k.EndsWith(']') && k.Length > start.Length + 1)
            .Select(k => (Name: k[start.Length..^1], Value: form[k].ToString()))
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>How a value reads back to a person on a check-your-answers page: choices by their label.</summary>
    public static string Display(FormField field, string? value, bool english)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (string.IsNullOrEmpty(value))
        {
            return "—";
        }
        return field.Type switch
        {
            FieldType.Choice => field.Choices?.FirstOrDefault(c => c.Value == value) is { } choice ? (english ? choice.LabelEn : choice.Label) : value,
            FieldType.Boolean => value == "true" ? (english ? "Yes" : "是") : (english ? "No" : "否"),
            _ => value,
        };
    }
}
