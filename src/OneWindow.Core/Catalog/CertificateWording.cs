using System.Globalization;
using System.Text.RegularExpressions;

namespace OneWindow.Catalog;

/// <summary>
/// The body of a certificate as the issuing committee writes it (居住证明: 兹证明……自……起在本村居住至今。特此证明。),
/// with <c>{name}</c> for the value of a form field — a choice by its label, a date as 2015年3月1日 — and for what
/// the certificate knows of itself: <c>{holderName}</c>, <c>{holderIdNumber}</c>, and <c>{locality}</c> (本村, 本社区
/// or 本辖区, from the issuing unit). <see cref="Relative"/> is used when the applicant asks for a relative
/// (the form's <c>relation</c> is not <c>self</c>); paragraphs are separated by a line break.
/// </summary>
public sealed partial record CertificateWording(string Self, string? Relative = null)
{
    public const string HolderName = "holderName";
    public const string HolderIdNumber = "holderIdNumber";
    public const string Locality = "locality";
    private static readonly string[] Own = [HolderName, HolderIdNumber, Locality];

    /// <summary>The placeholders of a template that are neither a field of the item nor the certificate's own.</summary>
    public static IEnumerable<string> Unknown(string template, IEnumerable<FormField> fields)
    {
        var names = fields.Select(f => f.Name).Concat(Own).ToHashSet(StringComparer.Ordinal);
        return Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(n => !names.Contains(n)).Distinct();
    }

    /// <summary>The statement for these values: the template for the applicant or for a relative, filled in.</summary>
    public string Fill(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string> values, string holderName, string holderIdNumber, string unitName)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(unitName);
        var forRelative = Relative is not null && values.TryGetValue("relation", out var relation) && relation is not ("" or "self");
        var own = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [HolderName] = holderName,
            [HolderIdNumber] = holderIdNumber,
            [Locality] = unitName.EndsWith("村民委员会", StringComparison.Ordinal) ? "本村"
                : unitName.EndsWith("居民委员会", StringComparison.Ordinal) ? "本社区" : "本辖区",
        };
        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        return Placeholder().Replace(forRelative ? Relative! : Self, m =>
        {
            var name = m.Groups[1].Value;
            if (own.TryGetValue(name, out var mine))
            {
                return mine;
            }
            return values.TryGetValue(name, out var value) && byName.TryGetValue(name, out var field) ? Shown(field, value) : "";
        });
    }

    /// <summary>A value as a person reads it on paper.</summary>
    public static string Shown(FormField field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Choices?.FirstOrDefault(c => c.Value == value) is { } choice)
        {
            return choice.Label;
        }
        if (field.Type == FieldType.Date && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        }
        if (field.Type == FieldType.Boolean)
        {
            return value == "true" ? "是" : "否";
        }
        return value;
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}
