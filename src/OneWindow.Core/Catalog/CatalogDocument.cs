using System.Text.Json;
using System.Text.RegularExpressions;
using OneWindow.Common;
using OneWindow.Divisions;

namespace OneWindow.Catalog;

/// <summary>An item as it is written in catalog JSON.</summary>
public sealed record ItemDocument(
    string Code, string Name, string NameEn, string? Description, string? DescriptionEn,
    DepartmentKind Department, DivisionLevel Level, int TimeLimitDays,
    IReadOnlyList<FormField> Fields, IReadOnlyList<Material> Materials, ItemOutput Output, bool AcrossRegions = false,
    IReadOnlyList<ApplicantKind>? Audience = null)
{
    public static ItemDocument From(ServiceItem item) => new(
        item.Code, item.Name, item.NameEn, item.Description, item.DescriptionEn, item.Department, item.Level,
        item.TimeLimitDays, item.Fields, item.Materials, item.Output, item.AcrossRegions, item.Audience);

    public void ApplyTo(ServiceItem item)
    {
        item.Name = Name;
        item.NameEn = NameEn;
        item.Description = Description ?? "";
        item.DescriptionEn = DescriptionEn ?? "";
        item.Department = Department;
        item.Level = Level;
        item.TimeLimitDays = TimeLimitDays;
        item.Fields = [.. Fields];
        item.Materials = [.. Materials];
        item.Output = Output;
        item.AcrossRegions = AcrossRegions;
        item.Audience = [.. (Audience ?? Catalog.Audience.Default).Distinct().Order()];
    }

    public ServiceItem ToEntity()
    {
        var item = new ServiceItem { Code = Code, Name = Name, NameEn = NameEn, Department = Department, Level = Level, TimeLimitDays = TimeLimitDays, Output = Output };
        ApplyTo(item);
        return item;
    }
}

/// <summary>A bundle as it is written in catalog JSON.</summary>
public sealed record BundleDocument(
    string Code, string Name, string NameEn, string? Description, string? DescriptionEn, int? Batch, int TimeLimitDays,
    IReadOnlyList<string> Items, IReadOnlyList<Prerequisite> Prerequisites, IReadOnlyList<BundleField> Fields,
    IReadOnlyList<ApplicantKind>? Audience = null, IReadOnlyList<ResultFlow>? Flows = null, IReadOnlyList<string>? SubjectKey = null)
{
    public static BundleDocument From(Bundle bundle) => new(
        bundle.Code, bundle.Name, bundle.NameEn, bundle.Description, bundle.DescriptionEn, bundle.Batch, bundle.TimeLimitDays,
        bundle.Items, bundle.Prerequisites, bundle.Fields, bundle.Audience, bundle.Flows, bundle.SubjectKey);

    public void ApplyTo(Bundle bundle)
    {
        bundle.Name = Name;
        bundle.NameEn = NameEn;
        bundle.Description = Description ?? "";
        bundle.DescriptionEn = DescriptionEn ?? "";
        bundle.Batch = Batch;
        bundle.TimeLimitDays = TimeLimitDays;
        bundle.Items = [.. Items];
        bundle.Prerequisites = [.. Prerequisites];
        bundle.Fields = [.. Fields];
        bundle.Audience = [.. (Audience ?? Catalog.Audience.Default).Distinct().Order()];
        bundle.Flows = [.. Flows ?? []];
        bundle.SubjectKey = [.. SubjectKey ?? []];
    }

    public Bundle ToEntity()
    {
        var bundle = new Bundle { Code = Code, Name = Name, NameEn = NameEn, TimeLimitDays = TimeLimitDays };
        ApplyTo(bundle);
        return bundle;
    }
}

/// <summary>The catalog's import/export format: items and bundles (see docs/CATALOG.md).</summary>
public sealed record CatalogDocument(IReadOnlyList<ItemDocument> Items, IReadOnlyList<BundleDocument> Bundles)
{
    private static readonly Regex s_code = new("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public const int MaxTimeLimitDays = 365;

    /// <summary>Reads the JSON; <see cref="ValidateStandalone"/> or the store's validation checks the content.</summary>
    public static Outcome<CatalogDocument> Parse(Stream stream)
    {
        CatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogDocument>(stream, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            return ValidationFailed.Single("file", Texts.T("not a catalog JSON document: {0}", ex.Message));
        }
        if (document is null)
        {
            return ValidationFailed.Single("file", Texts.T("empty document"));
        }
        return document with { Items = document.Items ?? [], Bundles = document.Bundles ?? [] };
    }

    /// <summary>Validates the document on its own: bundles may only name items it contains.</summary>
    public Outcome<CatalogDocument> ValidateStandalone()
    {
        var errors = new FieldErrors();
        var items = new Dictionary<string, ItemDocument>(StringComparer.Ordinal);
        foreach (var item in Items.Where(i => i?.Code is not null))
        {
            items.TryAdd(item.Code, item);
        }
        Validate(errors, items);
        return errors.Any ? errors.ToFailure() : this;
    }

    public static CatalogDocument Shipped()
    {
        using var stream = typeof(CatalogDocument).Assembly.GetManifestResourceStream("OneWindow.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The shipped catalog resource is missing from the build.");
        var parsed = Parse(stream);
        var valid = parsed.Succeeded ? parsed.Value!.ValidateStandalone() : parsed;
        return valid.Value ?? throw new InvalidOperationException($"The shipped catalog is invalid: {valid.Failure?.Detail}");
    }

    /// <summary>Checks every item and bundle; bundle references resolve against <paramref name="knownItems"/>.</summary>
    public void Validate(FieldErrors errors, IReadOnlyDictionary<string, ItemDocument> knownItems)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i] is null)
            {
                errors.Add($"items[{i}]", Texts.T("is empty"));
                continue;
            }
            if (Items[i].Code is { } code && !codes.Add(code))
            {
                errors.Add($"items[{i}].code", Texts.T("{0} appears twice", code));
            }
            CheckItem(Items[i], $"items[{i}]", errors);
        }
        // A material proved by a certificate names a type that some item of the catalog issues.
        var issued = knownItems.Values.Select(i => i?.Output?.CertificateType).Where(t => t is not null).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Items.Count; i++)
        {
            var materials = Items[i]?.Materials ?? [];
            for (var m = 0; m < materials.Count; m++)
            {
                if (materials[m]?.Certificate is { } type && !issued.Contains(type))
                {
                    errors.Add($"items[{i}].materials[{m}].certificate", Texts.T("{0} is not a certificate type that an item of the catalog issues", type));
                }
            }
        }
        codes.Clear();
        for (var b = 0; b < Bundles.Count; b++)
        {
            if (Bundles[b] is null)
            {
                errors.Add($"bundles[{b}]", Texts.T("is empty"));
                continue;
            }
            if (Bundles[b].Code is { } code && !codes.Add(code))
            {
                errors.Add($"bundles[{b}].code", Texts.T("{0} appears twice", code));
            }
            CheckBundle(Bundles[b], $"bundles[{b}]", knownItems, errors);
        }
    }

    /// <summary>An audience, when given, names at least one kind of applicant, each known and once.</summary>
    private static void CheckAudience(IReadOnlyList<ApplicantKind>? audience, string path, FieldErrors errors)
    {
        if (audience is null)
        {
            return;
        }
        if (audience.Count == 0)
        {
            errors.Add(path, Texts.T("names at least one kind of applicant: resident, enterprise, institution or staff"));
        }
        else if (audience.Any(a => !Enum.IsDefined(a)))
        {
            errors.Add(path, Texts.T("may name resident, enterprise, institution and staff only"));
        }
        else if (audience.Distinct().Count() != audience.Count)
        {
            errors.Add(path, Texts.T("names a kind of applicant twice"));
        }
    }

    public static void CheckItem(ItemDocument item, string path, FieldErrors errors)
    {
        CheckHeader(item.Code, item.Name, item.NameEn, item.TimeLimitDays, path, errors);
        if (!Enum.IsDefined(item.Department))
        {
            errors.Add($"{path}.department", Texts.T("is not a known department"));
        }
        if (!Enum.IsDefined(item.Level))
        {
            errors.Add($"{path}.level", Texts.T("is not a division level"));
        }
        CheckAudience(item.Audience, $"{path}.audience", errors);
        CheckFields(item.Fields, $"{path}.fields", errors);
        var materialCodes = new HashSet<string>(StringComparer.Ordinal);
        var materials = item.Materials ?? [];
        for (var m = 0; m < materials.Count; m++)
        {
            var material = materials[m];
            if (material is null || string.IsNullOrWhiteSpace(material.Code) || string.IsNullOrWhiteSpace(material.Name) || string.IsNullOrWhiteSpace(material.NameEn))
            {
                errors.Add($"{path}.materials[{m}]", Texts.T("code, name and nameEn are required"));
            }
            else if (!materialCodes.Add(material.Code))
            {
                errors.Add($"{path}.materials[{m}].code", Texts.T("{0} appears twice", material.Code!));
            }
        }
        switch (item.Output)
        {
            case null:
                errors.Add($"{path}.output", Texts.T("is required"));
                break;
            case { Kind: OutputKind.Certificate, CertificateType: null or "" }:
                errors.Add($"{path}.output.certificateType", Texts.T("a certificate output names its certificate type"));
                break;
            case { Kind: OutputKind.Record, CertificateType: not null }:
                errors.Add($"{path}.output.certificateType", Texts.T("a record output has no certificate type"));
                break;
            case { ValidityDays: < 1 }:
                errors.Add($"{path}.output.validityDays", Texts.T("must be at least 1"));
                break;
            default:
                break;
        }
        if (item.Output?.Results is { } results)
        {
            CheckFields(results, $"{path}.output.results", errors);
        }
        if (item.Output?.Wording is { } wording)
        {
            CheckWording(item, wording, $"{path}.output.wording", errors);
        }
    }

    private static void CheckWording(ItemDocument item, CertificateWording wording, string path, FieldErrors errors)
    {
        if (item.Output.Kind != OutputKind.Certificate)
        {
            errors.Add(path, Texts.T("only a certificate has a wording"));
            return;
        }
        if (string.IsNullOrWhiteSpace(wording.Self))
        {
            errors.Add($"{path}.self", Texts.T("is required"));
        }
        foreach (var (template, at) in new[] { (wording.Self, "self"), (wording.Relative, "relative") })
        {
            var unknown = template is null ? [] : CertificateWording.Unknown(template, item.Fields ?? []).ToList();
            if (unknown.Count > 0)
            {
                errors.Add($"{path}.{at}", Texts.T("{0} is neither a field of the item nor holderName, holderIdNumber or locality", string.Join(", ", unknown)));
            }
            if (template is { Length: > 2000 })
            {
                errors.Add($"{path}.{at}", Texts.T("must be at most {0} characters", 2000));
            }
        }
    }

    public static void CheckBundle(BundleDocument bundle, string path, IReadOnlyDictionary<string, ItemDocument> knownItems, FieldErrors errors)
    {
        CheckHeader(bundle.Code, bundle.Name, bundle.NameEn, bundle.TimeLimitDays, path, errors);
        CheckAudience(bundle.Audience, $"{path}.audience", errors);
        var items = bundle.Items ?? [];
        if (items.Count == 0)
        {
            errors.Add($"{path}.items", Texts.T("a bundle has at least one item"));
        }
        var members = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (!knownItems.ContainsKey(items[i] ?? ""))
            {
                errors.Add($"{path}.items[{i}]", Texts.T("unknown item {0}", items[i]));
            }
            if (!members.Add(items[i] ?? ""))
            {
                errors.Add($"{path}.items[{i}]", Texts.T("{0} appears twice", items[i]));
            }
        }
        var prerequisites = bundle.Prerequisites ?? [];
        for (var p = 0; p < prerequisites.Count; p++)
        {
            var edge = prerequisites[p];
            if (edge is null || !members.Contains(edge.Item ?? "") || !members.Contains(edge.Requires ?? ""))
            {
                errors.Add($"{path}.prerequisites[{p}]", Texts.T("both ends must be items of this bundle"));
            }
            else if (edge.Item == edge.Requires)
            {
                errors.Add($"{path}.prerequisites[{p}]", Texts.T("an item cannot require itself"));
            }
        }
        if (PrerequisiteGraph.FindCycle(prerequisites.Where(e => e is not null)) is { } cycle)
        {
            errors.Add($"{path}.prerequisites", Texts.T("form a cycle: {0}", string.Join(" → ", cycle)));
        }
        var fields = bundle.Fields ?? [];
        CheckFields(fields, $"{path}.fields", errors);
        var covered = new HashSet<(string, string)>();
        for (var f = 0; f < fields.Count; f++)
        {
            var field = fields[f];
            if (field is null)
            {
                continue;
            }
            var maps = field.MapsTo ?? [];
            for (var m = 0; m < maps.Count; m++)
            {
                var map = maps[m];
                var target = map is not null && members.Contains(map.Item ?? "") && knownItems.TryGetValue(map.Item ?? "", out var item)
                    ? item.Fields?.FirstOrDefault(x => x?.Name == map.Field)
                    : null;
                if (target is null)
                {
                    errors.Add($"{path}.fields[{f}].mapsTo[{m}]", Texts.T("{0}.{1} is not a field of an item of this bundle", map?.Item ?? "", map?.Field ?? ""));
                    continue;
                }
                if (target.Type != field.Type)
                {
                    errors.Add($"{path}.fields[{f}].mapsTo[{m}]", Texts.T("type {0} does not match {1}.{2} of type {3}", field.Type.Name(), map!.Item!, map.Field!, target.Type.Name()));
                }
                else if (field.Type == FieldType.Choice && field.Choices?.Any(c => target.Choices?.All(t => t.Value != c.Value) != false) == true)
                {
                    errors.Add($"{path}.fields[{f}].mapsTo[{m}]", Texts.T("offers a choice that {0}.{1} does not accept", map!.Item!, map.Field!));
                }
                covered.Add((map!.Item!, map.Field!));
            }
        }
        var subjectKey = bundle.SubjectKey ?? [];
        for (var k = 0; k < subjectKey.Count; k++)
        {
            if (!fields.Any(x => x is { Required: true } && x.Name == subjectKey[k]))
            {
                errors.Add($"{path}.subjectKey[{k}]", Texts.T("{0} is not a required field of the unified form", subjectKey[k]));
            }
        }
        if (subjectKey.Distinct(StringComparer.Ordinal).Count() != subjectKey.Count)
        {
            errors.Add($"{path}.subjectKey", Texts.T("names a field twice"));
        }
        var flows = bundle.Flows ?? [];
        var before = PrerequisiteGraph.FindCycle(prerequisites.Where(e => e is not null)) is null
            ? prerequisites.Where(e => e is not null).ToList()
            : [];
        for (var f = 0; f < flows.Count; f++)
        {
            var flow = flows[f];
            var flowPath = $"{path}.flows[{f}]";
            var from = flow is not null && members.Contains(flow.From ?? "") ? knownItems.GetValueOrDefault(flow.From ?? "") : null;
            var to = flow is not null && members.Contains(flow.To ?? "") ? knownItems.GetValueOrDefault(flow.To ?? "") : null;
            if (from is null || to is null)
            {
                errors.Add(flowPath, Texts.T("both ends must be items of this bundle"));
                continue;
            }
            var result = from.Output?.Results?.FirstOrDefault(r => r?.Name == flow!.Result);
            var target = to.Fields?.FirstOrDefault(x => x?.Name == flow!.Field);
            if (!Precedes(flow!.From!, flow.To!, before))
            {
                errors.Add(flowPath, Texts.T("{0} must require {1}, directly or through other items, to receive its result", flow.To!, flow.From!));
            }
            else if (result is null)
            {
                errors.Add(flowPath, Texts.T("{0} is not a declared result of {1}", flow.Result!, flow.From!));
            }
            else if (target is null)
            {
                errors.Add(flowPath, Texts.T("{0} is not a field of {1}", flow.Field!, flow.To!));
            }
            else if (result.Type != target.Type)
            {
                errors.Add(flowPath, Texts.T("type {0} of {1}.{2} does not match {3}.{4} of type {5}", result.Type.Name(), flow.From!, flow.Result!, flow.To!, flow.Field!, target.Type.Name()));
            }
            else if (!covered.Add((flow.To!, flow.Field)))
            {
                errors.Add(flowPath, Texts.T("{0}.{1} is already filled by the unified form or another flow", flow.To!, flow.Field!));
            }
        }
        foreach (var code in members)
        {
            if (!knownItems.TryGetValue(code, out var item))
            {
                continue;
            }
            foreach (var required in (item.Fields ?? []).Where(x => x is { Required: true } && !covered.Contains((code, x.Name))))
            {
                errors.Add($"{path}.fields", Texts.T("neither a field of the unified form nor a result flow fills the required field {0}.{1}", code, required.Name!));
            }
        }
    }

    /// <summary>Whether <paramref name="earlier"/> must be done before <paramref name="later"/> starts, by the prerequisite edges.</summary>
    private static bool Precedes(string earlier, string later, IReadOnlyList<Prerequisite> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([later]);
        while (pending.TryPop(out var current))
        {
            foreach (var edge in edges.Where(e => e.Item == current && seen.Add(e.Requires)))
            {
                if (edge.Requires == earlier)
                {
                    return true;
                }
                pending.Push(edge.Requires);
            }
        }
        return false;
    }

    private static void CheckHeader(string? code, string? name, string? nameEn, int timeLimitDays, string path, FieldErrors errors)
    {
        if (code is null || code.Length > 64 || !s_code.IsMatch(code))
        {
            errors.Add($"{path}.code", Texts.T("must be UPPER-KEBAB-CASE ASCII, at most 64 characters"));
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add($"{path}.name", Texts.T("is required (at most 200 characters)"));
        }
        if (string.IsNullOrWhiteSpace(nameEn) || nameEn.Length > 200)
        {
            errors.Add($"{path}.nameEn", Texts.T("is required (at most 200 characters)"));
        }
        if (timeLimitDays is < 1 or > MaxTimeLimitDays)
        {
            errors.Add($"{path}.timeLimitDays", Texts.T("must be between 1 and {0} working days", MaxTimeLimitDays));
        }
    }

    private static void CheckFields(IReadOnlyList<FormField>? fields, string path, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        fields ??= [];
        for (var f = 0; f < fields.Count; f++)
        {
            if (fields[f] is null)
            {
                errors.Add($"{path}[{f}]", Texts.T("is empty"));
                continue;
            }
            foreach (var (sub, message) in fields[f].CheckDefinition())
            {
                errors.Add($"{path}[{f}].{sub}", message);
            }
            if (fields[f].Name is { } name && !names.Add(name))
            {
                errors.Add($"{path}[{f}].name", Texts.T("{0} appears twice", name));
            }
        }
    }
}
