using System.Globalization;
using System.Text.Json;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// One form field as the catalog editor posts it: every property is a text box, a list or a tick, read back into a
/// <see cref="FormField"/> with errors for what does not parse. A row with nothing in it is ignored (the editor always
/// offers empty rows for new fields); a row ticked <see cref="Remove"/> is dropped.
/// </summary>
public sealed class FieldRow
{
    public string? Name { get; set; }

    public string? Label { get; set; }

    public string? LabelEn { get; set; }

    public string? Type { get; set; }

    public bool Required { get; set; }

    public string? MinLength { get; set; }

    public string? MaxLength { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    public string? Pattern { get; set; }

    public bool NotAfterToday { get; set; }

    /// <summary>One choice per line: value | 中文 | English.</summary>
    public string? Choices { get; set; }

    /// <summary>The shared data item that can fill the field (e.g. police.household) and its field.</summary>
    public string? SourceItem { get; set; }

    public string? SourceField { get; set; }

    /// <summary>Required unless this other field holds one of <see cref="UnlessValues"/> (comma-separated).</summary>
    public string? UnlessField { get; set; }

    public string? UnlessValues { get; set; }

    public bool Remove { get; set; }

    /// <summary>A bundle's unified-form field: the item fields it fills, each as ITEM|field.</summary>
    public List<string> MapsTo { get; set; } = [];

    /// <summary>A bundle's unified-form field that identifies whom the bundle is about.</summary>
    public bool SubjectKey { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Label) && string.IsNullOrWhiteSpace(LabelEn);

    public static FieldRow From(FormField field, bool subjectKey = false) => new()
    {
        Name = field.Name,
        Label = field.Label,
        LabelEn = field.LabelEn,
        Type = EnumText.Of(field.Type),
        Required = field.Required,
        MinLength = field.MinLength?.ToString(CultureInfo.InvariantCulture),
        MaxLength = field.MaxLength?.ToString(CultureInfo.InvariantCulture),
        Min = field.Min?.ToString(CultureInfo.InvariantCulture),
        Max = field.Max?.ToString(CultureInfo.InvariantCulture),
        Pattern = field.Pattern,
        NotAfterToday = field.NotAfterToday,
        Choices = field.Choices is null ? null : string.Join('\n', field.Choices.Select(c => $"{c.Value} | {c.Label} | {c.LabelEn}")),
        SourceItem = field.Source?.Item,
        SourceField = field.Source?.Field,
        UnlessField = field.RequiredUnless?.Field,
        UnlessValues = field.RequiredUnless is null ? null : string.Join(", ", field.RequiredUnless.Values),
        MapsTo = field is BundleField b ? [.. b.MapsTo.Select(m => $"{m.Item}|{m.Field}")] : [],
        SubjectKey = subjectKey,
    };

    /// <summary>The field this row describes; what does not parse is reported at <paramref name="path"/>.property.</summary>
    public BundleField ToField(string path, FieldErrors errors)
    {
        FieldType type = default;
        if (!EnumText.TryParse(Type ?? "", out type))
        {
            errors.Add($"{path}.type", Ui.T("不是已知的字段类型"));
        }
        var choices = new List<Choice>();
        foreach (var line in (Choices ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var parts = line.Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length != 3 || parts.Any(p => p.Length == 0))
            {
                errors.Add($"{path}.choices", Ui.T("每行应为“值 | 中文 | 英文”：{0}", line));
                continue;
            }
            choices.Add(new Choice(parts[0], parts[1], parts[2]));
        }
        var unless = (UnlessValues ?? "").Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BundleField
        {
            Name = (Name ?? "").Trim(),
            Label = (Label ?? "").Trim(),
            LabelEn = (LabelEn ?? "").Trim(),
            Type = type,
            Required = Required,
            MinLength = Whole(MinLength, $"{path}.minLength", errors),
            MaxLength = Whole(MaxLength, $"{path}.maxLength", errors),
            Min = Number(Min, $"{path}.min", errors),
            Max = Number(Max, $"{path}.max", errors),
            Pattern = string.IsNullOrWhiteSpace(Pattern) ? null : Pattern.Trim(),
            NotAfterToday = NotAfterToday,
            Choices = choices.Count > 0 || type == FieldType.Choice ? choices : null,
            Source = string.IsNullOrWhiteSpace(SourceItem) && string.IsNullOrWhiteSpace(SourceField) ? null
                : new SharedSource((SourceItem ?? "").Trim(), (SourceField ?? "").Trim()),
            RequiredUnless = string.IsNullOrWhiteSpace(UnlessField) ? null : new RequiredUnless(UnlessField.Trim(), unless),
            MapsTo = [.. MapsTo.Where(m => m.Contains('|', StringComparison.Ordinal)).Select(m => new FieldMapping(m[..m.IndexOf('|', StringComparison.Ordinal)], m[(m.IndexOf('|', StringComparison.Ordinal) + 1)..]))],
        };
    }

    /// <summary>The rows kept, in order, as fields; <paramref name="path"/> is the list's path (item.fields).</summary>
    public static List<BundleField> ToFields(IEnumerable<FieldRow> rows, string path, FieldErrors errors) =>
        [.. Kept(rows).Select((row, i) => row.ToField($"{path}[{i}]", errors))];

    public static IEnumerable<FieldRow> Kept(IEnumerable<FieldRow> rows) => rows.Where(r => !r.Remove && !r.IsBlank);

    /// <summary>A plain field of an item (not a bundle's, which maps onto items).</summary>
    public static FormField Plain(BundleField field) => new()
    {
        Name = field.Name, Label = field.Label, LabelEn = field.LabelEn, Type = field.Type, Required = field.Required,
        MinLength = field.MinLength, MaxLength = field.MaxLength, Min = field.Min, Max = field.Max, Pattern = field.Pattern,
        NotAfterToday = field.NotAfterToday, Choices = field.Choices, Source = field.Source, RequiredUnless = field.RequiredUnless,
    };

    internal static int? Whole(string? text, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(path, Ui.T("必须是整数"));
        return null;
    }

    private static decimal? Number(string? text, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add(path, Texts.T("must be a number"));
        return null;
    }
}

/// <summary>A material row of the item editor.</summary>
public sealed class MaterialRow
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? NameEn { get; set; }

    public bool Required { get; set; }

    /// <summary>The shared data item that holds the same facts (the material is then not asked for).</summary>
    public string? SharedData { get; set; }

    /// <summary>The certificate type that may be given instead of a file.</summary>
    public string? Certificate { get; set; }

    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Code) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(NameEn);

    public static MaterialRow From(Material material) => new()
    {
        Code = material.Code, Name = material.Name, NameEn = material.NameEn, Required = material.Required,
        SharedData = material.SharedData, Certificate = material.Certificate,
    };

    public Material ToMaterial() => new(
        (Code ?? "").Trim(), (Name ?? "").Trim(), (NameEn ?? "").Trim(), Required,
        string.IsNullOrWhiteSpace(SharedData) ? null : SharedData.Trim(), string.IsNullOrWhiteSpace(Certificate) ? null : Certificate.Trim());
}

/// <summary>A pair of selects of the bundle editor: ITEM and ITEM (a prerequisite), or ITEM|result and ITEM|field (a result flow).</summary>
public sealed class PairRow
{
    public string? First { get; set; }

    public string? Second { get; set; }

    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(First) && string.IsNullOrWhiteSpace(Second);
}

/// <summary>How the editors show and name things.</summary>
public static class CatalogEditor
{
    /// <summary>
    /// The JSON definition an editor's "edit as JSON" form posts, read as a catalog document; or the error to show at
    /// <c>definition</c> when it is not one.
    /// </summary>
    public static (T? Document, IReadOnlyDictionary<string, string[]>? Errors) ReadDefinition<T>(string? text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text ?? "", JsonDefaults.Options) is { } document
                ? (document, null)
                : (null, new Dictionary<string, string[]> { ["definition"] = [Ui.T("必须填写有效内容")] });
        }
        catch (JsonException ex)
        {
            return (null, new Dictionary<string, string[]> { ["definition"] = [Ui.T("不是有效的 JSON：{0}", ex.Message)] });
        }
    }

    /// <summary>Applies an "up:N" button of the field rows: row N changes place with the one above it.</summary>
    public static void MoveUp(List<FieldRow> rows, string? action)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (action?.StartsWith("up:", StringComparison.Ordinal) == true
            && int.TryParse(action[3..], CultureInfo.InvariantCulture, out var up) && up > 0 && up < rows.Count)
        {
            (rows[up - 1], rows[up]) = (rows[up], rows[up - 1]);
        }
    }

    /// <summary>
    /// An error path of the catalog checks (<c>item.fields[2].label</c>) as the editor's reader knows it:
    /// 第 3 个填写项「姓名」· 中文标签.
    /// </summary>
    public static string Describe(string path, IReadOnlyList<FormField> fields, IReadOnlyList<Material> materials)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = new List<string>();
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var index = bracket < 0 ? -1 : int.TryParse(segment[(bracket + 1)..^1], CultureInfo.InvariantCulture, out var i) ? i : -1;
            var shown = (name, index) switch
            {
                ("item" or "bundle", _) => null,
                ("fields", >= 0) => Ui.T("第 {0} 个填写项", index + 1) + (index < fields.Count ? Ui.T("「{0}」", Ui.English ? fields[index].LabelEn : fields[index].Label) : ""),
                ("materials", >= 0) => Ui.T("第 {0} 项材料", index + 1) + (index < materials.Count ? Ui.T("「{0}」", Ui.English ? materials[index].NameEn : materials[index].Name) : ""),
                ("results", >= 0) => Ui.T("第 {0} 项办理结果", index + 1),
                ("items", >= 0) => Ui.T("第 {0} 个事项", index + 1),
                ("prerequisites", >= 0) => Ui.T("第 {0} 条办理顺序", index + 1),
                ("flows", >= 0) => Ui.T("第 {0} 条结果传递", index + 1),
                ("mapsTo", >= 0) => Ui.T("对应事项"),
                ("subjectKey", _) => Ui.T("办理对象标识"),
                _ => Property(name),
            };
            if (shown is not null)
            {
                parts.Add(shown);
            }
        }
        return parts.Count == 0 ? Ui.T("事项") : string.Join(" · ", parts);
    }

    private static string Property(string name) => name switch
    {
        "code" => Ui.T("编码"),
        "name" => Ui.T("名称或编码"),
        "nameEn" => Ui.T("英文名称"),
        "label" => Ui.T("标签"),
        "type" => Ui.T("类型"),
        "minLength" or "maxLength" => Ui.T("长度"),
        "min" or "max" => Ui.T("数值范围"),
        "pattern" => Ui.T("格式（正则表达式）"),
        "choices" => Ui.T("选项"),
        "source" => Ui.T("数据来源"),
        "timeLimitDays" => Ui.T("承诺时限（工作日）"),
        "department" => Ui.T("办理部门@department"),
        "level" => Ui.T("办理层级"),
        "audience" => Ui.T("服务对象"),
        "output" => Ui.T("办理结果"),
        "certificateType" => Ui.T("证照类型"),
        "validityDays" => Ui.T("有效期（天）"),
        "wording" => Ui.T("证明文字"),
        "self" => Ui.T("为本人开具"),
        "relative" => Ui.T("为亲属开具"),
        "certificate" => Ui.T("可用证照代替"),
        "items" => Ui.T("包含事项"),
        "prerequisites" => Ui.T("办理顺序"),
        "fields" => Ui.T("填写项"),
        "definition" => Ui.T("完整定义（JSON）"),
        "file" => Ui.T("文件"),
        _ => name,
    };

    /// <summary>Field errors keyed by path, and the labels the error list shows for them.</summary>
    public static IReadOnlyDictionary<string, string> Labels(IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<FormField> fields, IReadOnlyList<Material> materials) =>
        errors.Keys.ToDictionary(k => k, k => Describe(k, fields, materials), StringComparer.Ordinal);

    /// <summary>
    /// Values that show how the form and the certificate read: a choice's first option (for the relative's wording,
    /// the first relation that is not <c>self</c>), today for a date, and 【label】 for what a person types.
    /// </summary>
    public static Dictionary<string, string> SampleValues(IEnumerable<FormField> fields, DateOnly today, bool forRelative)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = field.Type switch
            {
                FieldType.Choice when field.Name == "relation" && field.Choices is { Count: > 0 } choices =>
                    (forRelative ? choices.FirstOrDefault(c => c.Value != "self") : choices.FirstOrDefault(c => c.Value == "self"))?.Value ?? choices[0].Value,
                FieldType.Choice => field.Choices?.FirstOrDefault()?.Value,
                FieldType.Date => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FieldType.Boolean => "true",
                _ => Ui.T("【{0}】", Ui.English ? field.LabelEn : field.Label),
            };
            if (value is not null)
            {
                values[field.Name] = value;
            }
        }
        return values;
    }
}

/// <summary>What the field-rows partial draws: the rows, the shared data that can fill a field, and for a bundle the item fields a row can fill.</summary>
public sealed record FieldRowsView(IReadOnlyList<FieldRow> Rows, IReadOnlyList<global::OneWindow.DataSharing.SharedDataItem> SharedItems, IReadOnlyList<(string Value, string Label)>? Targets = null)
{
    public bool ForBundle => Targets is not null;
}
