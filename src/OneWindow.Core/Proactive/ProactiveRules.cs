using OneWindow.Catalog;
using OneWindow.DataSharing;

namespace OneWindow.Proactive;

/// <summary>
/// The benefit rules in force: read at start (the file named by <c>Proactive:RulesFile</c>, else the shipped rules),
/// checked against the schema and against the stored catalog and shared data items. A file with a malformed rule is
/// refused whole, naming each rule and reason: the server does not start on rules it cannot trust. A shipped rule
/// naming what an older store lacks is left out, with its reason in <see cref="Refused"/>.
/// </summary>
public sealed class ProactiveRules
{
    /// <summary>The engine over the rules in force (the shipped rules until <see cref="LoadAsync"/> has run).</summary>
    public RuleEngine Engine { get; private set; } = new(BenefitRules.Shipped());

    /// <summary>Every rule of the file, those switched off too: a dry run tries one before it is switched on.</summary>
    public RuleEngine Trial { get; private set; } = Trying(BenefitRules.Shipped());

    private static RuleEngine Trying(RuleSet set) => new(new RuleSet([.. set.Rules.Select(r => r with { Enabled = true })]));

    /// <summary>Shipped rules left out because the store lacks what they name, each with the reason.</summary>
    public IReadOnlyList<string> Refused { get; private set; } = [];

    private static IEnumerable<string> Reasons(Common.Failure failure) =>
        failure.AsFieldErrors("rules").SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"));

    /// <summary>Where the rules came from: a file's path, or "shipped".</summary>
    public string Origin { get; private set; } = "shipped";

    public async Task LoadAsync(OneWindowDb db, string? path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        Common.Outcome<RuleSet> parsed;
        if (string.IsNullOrWhiteSpace(path))
        {
            parsed = BenefitRules.Shipped();
        }
        else
        {
            await using var file = File.OpenRead(path);
            parsed = BenefitRules.Parse(file);
        }
        var items = (await CatalogQueries.AllItemsAsync(db, ct)).Select(ItemDocument.From).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var data = (await SharedDataItems.AllAsync(db, ct)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(path))
        {
            // The shipped rules on a store that lacks what some of them name (an older catalog): those are left out and said why.
            var kept = new List<BenefitRule>();
            var refused = new List<string>();
            foreach (var rule in parsed.Value!.Rules)
            {
                var one = BenefitRules.Check(new RuleSet([rule]), items, data);
                if (one.Succeeded)
                {
                    kept.Add(rule);
                }
                else
                {
                    refused.AddRange(Reasons(one.Failure!));
                }
            }
            Refused = refused;
            parsed = new RuleSet(kept);
        }
        var checkedRules = parsed.Succeeded ? BenefitRules.Check(parsed.Value!, items, data) : parsed;
        if (!checkedRules.Succeeded)
        {
            throw new InvalidOperationException($"The benefit rules {path} are refused: {string.Join("; ", Reasons(checkedRules.Failure!))}");
        }
        Engine = new RuleEngine(checkedRules.Value!);
        Trial = Trying(checkedRules.Value!);
        Origin = string.IsNullOrWhiteSpace(path) ? "shipped" : path;
    }
}
