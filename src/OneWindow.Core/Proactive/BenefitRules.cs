using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;

namespace OneWindow.Proactive;

/// <summary>
/// Reads benefit rules: the JSON must satisfy the rules schema (<c>Proactive/Data/rules.schema.json</c>), and each rule
/// must make sense against the catalog and the shared data — the event's item exists and has the values the rule reads,
/// the data items and fields exist, the granted item exists and every field it is given is one of its fields. A rule
/// that fails is refused with its code and the reason; nothing of a refused file is used.
/// </summary>
public static class BenefitRules
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using var stream = typeof(BenefitRules).Assembly.GetManifestResourceStream("OneWindow.Proactive.rules.schema.json")
            ?? throw new InvalidOperationException("The rules schema resource is missing from the build.");
        return JsonSchema.FromText(new StreamReader(stream).ReadToEnd());
    });

    /// <summary>The rules shipped with the platform (the three of issue #13), checked on their own.</summary>
    public static RuleSet Shipped()
    {
        using var stream = typeof(BenefitRules).Assembly.GetManifestResourceStream("OneWindow.Proactive.rules.json")
            ?? throw new InvalidOperationException("The shipped rules resource is missing from the build.");
        var parsed = Parse(stream);
        return parsed.Value ?? throw new InvalidOperationException($"The shipped rules are invalid: {string.Join("; ", parsed.Failure!.AsFieldErrors("rules").SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")))}");
    }

    /// <summary>Reads a rules document and checks it against the schema; <see cref="Check"/> checks the meaning.</summary>
    public static Outcome<RuleSet> Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(stream);
        }
        catch (JsonException ex)
        {
            return ValidationFailed.Single("rules", Texts.T("not a JSON document: {0}", ex.Message));
        }
        if (node is null)
        {
            return ValidationFailed.Single("rules", Texts.T("empty document"));
        }
        using var document = JsonDocument.Parse(node.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = new FieldErrors();
            foreach (var detail in (result.Details ?? []).Append(result).Where(d => d.Errors is { Count: > 0 }))
            {
                var at = Where(node, detail.InstanceLocation.ToString());
                foreach (var keyword in detail.Errors!.Keys)
                {
                    errors.Add(at, Explain(keyword));
                }
            }
            if (!errors.Any)
            {
                errors.Add("rules", Texts.T("does not match the rules schema"));
            }
            return errors.ToFailure();
        }
        var set = node.Deserialize<RuleSet>(JsonDefaults.Options)!;
        var duplicate = set.Rules.GroupBy(r => r.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? set : ValidationFailed.Single($"rules.{duplicate.Key}", Texts.T("{0} appears twice", duplicate.Key));
    }

    /// <summary>What a failed schema keyword means, in the reader's language (the schema library's own messages are English).</summary>
    private static string Explain(string keyword) => keyword switch
    {
        "required" => Texts.T("lacks a required property"),
        "additionalProperties" or "false" => Texts.T("has a property the rules do not know"),
        "pattern" => Texts.T("has the wrong format"),
        "enum" or "const" => Texts.T("is not one of the allowed values"),
        "type" => Texts.T("has the wrong type"),
        "minItems" or "maxItems" or "minLength" or "maxLength" or "minimum" or "maximum" or "exclusiveMinimum" => Texts.T("is outside the allowed size"),
        "oneOf" or "anyOf" or "not" or "if" or "then" or "else" or "dependentSchemas" => Texts.T("combines properties that do not go together"),
        _ => Texts.T("does not match the rules schema"),
    };

    /// <summary>A JSON Pointer into the document as a path a person can find: rules[1](elderly-allowance-at-80).when[0].</summary>
    private static string Where(JsonNode document, string pointer)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = "rules";
        if (parts.Length >= 2 && parts[0] == "rules" && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            var code = document["rules"] is JsonArray rules && index < rules.Count && rules[index]?["code"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            path = $"rules[{index}]" + (code is null ? "" : $"({code})");
            foreach (var part in parts.Skip(2))
            {
                path += int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var i) ? $"[{i}]" : "." + part;
            }
        }
        return path;
    }

    /// <summary>Checks what each rule names against the catalog and the shared data items; errors are keyed by the rule's code.</summary>
    public static Outcome<RuleSet> Check(RuleSet set, IReadOnlyDictionary<string, ItemDocument> items, IReadOnlyDictionary<string, SharedDataItem> data)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(data);
        var errors = new FieldErrors();
        foreach (var rule in set.Rules)
        {
            var at = $"rules.{rule.Code}";
            // The values the event offers: the approved item's fields and declared results, or the scanned record's fields.
            HashSet<string>? offered = null;
            if (rule.On.Kind == TriggerKind.TaskApproved)
            {
                if (!items.TryGetValue(rule.On.Item ?? "", out var trigger))
                {
                    errors.Add($"{at}.on.item", Texts.T("unknown item {0}", rule.On.Item ?? ""));
                }
                else
                {
                    offered = [.. trigger.Fields.Select(f => f.Name), .. (trigger.Output.Results ?? []).Select(r => r.Name)];
                }
            }
            else if (!data.TryGetValue(rule.On.Data ?? "", out var scanned))
            {
                errors.Add($"{at}.on.data", Texts.T("{0} is not a shared data item", rule.On.Data ?? ""));
            }
            else
            {
                offered = [.. scanned.Fields.Select(f => f.Name)];
            }
            if (offered is not null && !offered.Contains(rule.Subject))
            {
                errors.Add($"{at}.subject", Texts.T("{0} is not a value of the event", rule.Subject));
            }
            for (var c = 0; c < rule.When.Count; c++)
            {
                var condition = rule.When[c];
                if (condition.Data is { } dataCode)
                {
                    if (!data.TryGetValue(dataCode, out var item))
                    {
                        errors.Add($"{at}.when[{c}].data", Texts.T("{0} is not a shared data item", dataCode));
                    }
                    else if (item.Fields.All(f => f.Name != condition.Field))
                    {
                        errors.Add($"{at}.when[{c}].field", Texts.T("{0} is not a field of {1}", condition.Field ?? "", item.Name));
                    }
                }
                else if (condition.Value is { } value && offered is not null && !offered.Contains(value))
                {
                    errors.Add($"{at}.when[{c}].value", Texts.T("{0} is not a value of the event", value));
                }
            }
            if (!items.TryGetValue(rule.Grant.Item, out var granted))
            {
                errors.Add($"{at}.grant.item", Texts.T("unknown item {0}", rule.Grant.Item));
                continue;
            }
            foreach (var (field, from) in rule.Grant.Fields ?? new Dictionary<string, string>())
            {
                if (granted.Fields.All(f => f.Name != field))
                {
                    errors.Add($"{at}.grant.fields.{field}", Texts.T("{0} is not a field of {1}", field, granted.Name));
                }
                else if (offered is not null && !offered.Contains(from))
                {
                    errors.Add($"{at}.grant.fields.{field}", Texts.T("{0} is not a value of the event", from));
                }
            }
        }
        return errors.Any ? errors.ToFailure() : set;
    }
}
