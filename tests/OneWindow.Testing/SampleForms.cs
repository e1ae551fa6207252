using System.Globalization;
using OneWindow.Catalog;

namespace OneWindow.Testing;

/// <summary>A valid value for any catalog field, so that every bundle can be filled without a hand-written form.</summary>
public static class SampleForms
{
    public static Dictionary<string, string> For(IEnumerable<FormField> fields) =>
        fields.ToDictionary(f => f.Name, Value, StringComparer.Ordinal);

    public static string Value(FormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Number => (field.Min ?? 1m).ToString(CultureInfo.InvariantCulture),
            FieldType.Date => "2026-03-02",
            FieldType.IdNumber => "130123198806121238",
            FieldType.Uscc => OneWindow.Seeding.DemoData.EnterpriseCreditCode, // the demo enterprise, which market regulation has on record
            FieldType.Phone => "13800138000",
            FieldType.Email => "parents@example.cn",
            FieldType.Choice => field.Choices![0].Value,
            FieldType.Boolean => "true",
            _ when field.Pattern is { } pattern && pattern.StartsWith("^[0-9]", StringComparison.Ordinal) => "6222020200112233",
            _ when field.Pattern is not null => "冀A12345",
            _ => "西关村测试值",
        };
    }
}
