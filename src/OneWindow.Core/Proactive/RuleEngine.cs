using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Formats;

namespace OneWindow.Proactive;

/// <summary>
/// An event a rule may answer: its id (a replay carries the same id), what happened (an approval of a catalog item's
/// task, or a scanned record of a shared data item) and its values (the task's fields and results, or the record's).
/// </summary>
public sealed record RuleEvent(string Id, TriggerKind Kind, string Source, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The id of the scan's event for one person: a scan grants each rule once per person, however often it runs.</summary>
    public const string ScanId = "scan";
}

/// <summary>The subject's current records of shared data, as the acting unit may read them (a granted read, or the bench's memory).</summary>
public interface ISubjectData
{
    /// <summary>The subject's current record of <paramref name="item"/>, or null when there is none.</summary>
    JsonObject? Current(string item, string subjectIdNumber);
}

/// <summary>What one condition saw: the data or value it read (by name), the value found, and whether it held.</summary>
public sealed record Observation(int Condition, string Read, string? Seen, bool Held);

/// <summary>
/// A rule's answer to an event for its subject: whether it grants, with every condition's observation (the explanation
/// the person sees, and the dry run's), and the granted item's values taken from the event.
/// </summary>
public sealed record RuleDecision(BenefitRule Rule, string EventId, string? Subject, bool Grants, IReadOnlyList<Observation> Observed, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Evaluates rules against events. Rules are indexed by what sets them off, and each condition is compiled once
/// (its comparison parsed, its set of allowed values hashed), so an event costs a dictionary lookup and a few
/// comparisons per matching rule — the bench measures it over a million events.
/// </summary>
public sealed class RuleEngine
{
    private readonly Dictionary<(TriggerKind, string), Compiled[]> _byTrigger;
    private readonly Dictionary<string, Compiled> _byCode;

    public RuleEngine(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.Rules;
        _byTrigger = rules.Rules.Where(r => r.Enabled)
            .GroupBy(r => (r.On.Kind, r.On.Kind == TriggerKind.TaskApproved ? r.On.Item! : r.On.Data!))
            .ToDictionary(g => g.Key, g => g.Select(r => new Compiled(r)).ToArray());
        _byCode = _byTrigger.Values.SelectMany(c => c).ToDictionary(c => c.Rule.Code, StringComparer.Ordinal);
    }

    /// <summary>The enabled rules that listen for this kind of event from this source.</summary>
    public IReadOnlyList<BenefitRule> Listening(TriggerKind kind, string source) =>
        _byTrigger.TryGetValue((kind, source), out var rules) ? [.. rules.Select(r => r.Rule)] : [];

    /// <summary>
    /// Whether the rule's conditions that need no shared data (age, the event's values) hold for these values: what a
    /// scan asks of every record before anyone reads it.
    /// </summary>
    public bool Passes(BenefitRule rule, IReadOnlyDictionary<string, string> values, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(values);
        return _byCode.TryGetValue(rule.Code, out var compiled)
            ? compiled.Passes(values, today)
            : throw new ArgumentException($"The rule {rule.Code} is not enabled in this engine.", nameof(rule));
    }

    /// <summary>One enabled rule's decision on <paramref name="e"/> (the caller read the subject's data for it).</summary>
    public RuleDecision Decide(BenefitRule rule, RuleEvent e, ISubjectData data, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return _byCode.TryGetValue(rule.Code, out var compiled)
            ? compiled.Decide(e, data, today)
            : throw new ArgumentException($"The rule {rule.Code} is not enabled in this engine.", nameof(rule));
    }

    public IReadOnlyList<BenefitRule> Rules { get; }

    /// <summary>Whether any enabled rule listens for this kind of event from this source (the engine asks before building an event).</summary>
    public bool Listens(TriggerKind kind, string source) => _byTrigger.ContainsKey((kind, source));

    /// <summary>Every enabled rule's decision on <paramref name="e"/>; empty when no rule listens for it.</summary>
    public IReadOnlyList<RuleDecision> Evaluate(RuleEvent e, ISubjectData data, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(data);
        if (!_byTrigger.TryGetValue((e.Kind, e.Source), out var rules))
        {
            return [];
        }
        var decisions = new RuleDecision[rules.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            decisions[i] = rules[i].Decide(e, data, today);
        }
        return decisions;
    }

    /// <summary>One rule, its conditions parsed for comparison.</summary>
    private sealed class Compiled(BenefitRule rule)
    {
        private readonly Condition[] _conditions = [.. rule.When.Select((c, i) => new Condition(i, c))];

        public BenefitRule Rule => rule;

        private static readonly ISubjectData Nothing = new NoData();

        public bool Passes(IReadOnlyDictionary<string, string> values, DateOnly today)
        {
            var subject = values.TryGetValue(rule.Subject, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim().ToUpperInvariant() : null;
            if (subject is null)
            {
                return false;
            }
            var e = new RuleEvent(RuleEvent.ScanId, rule.On.Kind, "", values);
            foreach (var condition in _conditions)
            {
                if (!condition.NeedsData && !condition.Observe(e, subject, Nothing, today).Held)
                {
                    return false;
                }
            }
            return true;
        }

        private sealed class NoData : ISubjectData
        {
            public JsonObject? Current(string item, string subjectIdNumber) => null;
        }

        public RuleDecision Decide(RuleEvent e, ISubjectData data, DateOnly today)
        {
            var subject = e.Values.TryGetValue(rule.Subject, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim().ToUpperInvariant() : null;
            var observed = new Observation[_conditions.Length];
            var grants = subject is not null;
            for (var i = 0; i < _conditions.Length; i++)
            {
                observed[i] = subject is null
                    ? new Observation(i, _conditions[i].Read, null, false)
                    : _conditions[i].Observe(e, subject, data, today);
                grants &= observed[i].Held;
            }
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (grants)
            {
                foreach (var (field, from) in rule.Grant.Fields ?? new Dictionary<string, string>())
                {
                    if (e.Values.TryGetValue(from, out var value) && !string.IsNullOrWhiteSpace(value))
                    {
                        fields[field] = value;
                    }
                }
            }
            return new RuleDecision(rule, e.Id, subject, grants, observed, fields);
        }
    }

    /// <summary>One condition: what it reads and how it compares.</summary>
    private sealed class Condition
    {
        private readonly int _index;
        private readonly RuleCondition _condition;
        private readonly HashSet<string>? _in;
        private readonly string? _equalText;

        public Condition(int index, RuleCondition condition)
        {
            _index = index;
            _condition = condition;
            _in = condition.In is null ? null : new HashSet<string>(condition.In, StringComparer.Ordinal);
            _equalText = condition.EqualTo is { } equal ? Text(equal) : null;
            Read = condition.AgeAtLeast is { } age ? $"age>={age}" : condition.Data is { } item ? $"{item}.{condition.Field}" : $"event.{condition.Value}";
        }

        public string Read { get; }

        public bool NeedsData => _condition.Data is not null;

        public Observation Observe(RuleEvent e, string subject, ISubjectData data, DateOnly today)
        {
            if (_condition.AgeAtLeast is { } least)
            {
                var id = ResidentIdNumber.Parse(subject, today);
                if (!id.IsValid)
                {
                    return new Observation(_index, Read, null, false);
                }
                var born = id.Value!.BirthDate;
                var age = today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);
                return new Observation(_index, Read, age.ToString(CultureInfo.InvariantCulture), age >= least);
            }
            string? seen;
            if (_condition.Data is { } item)
            {
                seen = data.Current(item, subject)?[_condition.Field!] is { } node ? Text(node) : null;
            }
            else
            {
                seen = e.Values.TryGetValue(_condition.Value!, out var value) ? value : null;
            }
            var held = seen is { Length: > 0 } && (_equalText is not null ? seen == _equalText : _in is null || _in.Contains(seen));
            return new Observation(_index, Read, seen, held);
        }

        /// <summary>A JSON value as text: strings as themselves, true/false, numbers invariant — the form the rule's values are written in.</summary>
        private static string? Text(JsonNode node) => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };

        private static string? Text(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => element.GetDecimal().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
