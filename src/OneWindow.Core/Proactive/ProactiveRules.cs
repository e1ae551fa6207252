using OneWindow.Catalog;
using OneWindow.DataSharing;

namespace OneWindow.Proactive;

/// <summary>
/// The benefit rules in force: read at start (the file named by <c>Proactive:RulesFile</c>, else the shipped rules),
/// checked against the schema and against the stored catalog and shared data items. A file with a malformed rule is
/// refused whole, naming each rule and reason: the server does not start on rules it cannot trust.
/// </summary>
public sealed class ProactiveRules
{
    /// <summary>The engine over the rules in force (the shipped rules until <see cref="LoadAsync"/> has run).</summary>
    public RuleEngine Engine { get; private set; } = new(BenefitRules.Shipped());

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
        var checkedRules = parsed.Succeeded ? BenefitRules.Check(parsed.Value!, items, data) : parsed;
        if (!checkedRules.Succeeded)
        {
            var reasons = checkedRules.Failure!.AsFieldErrors("rules").SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"));
            throw new InvalidOperationException($"The benefit rules {(path ?? "shipped")} are refused: {string.Join("; ", reasons)}");
        }
        Engine = new RuleEngine(checkedRules.Value!);
        Origin = string.IsNullOrWhiteSpace(path) ? "shipped" : path;
    }
}
