namespace OneWindow.Catalog;

/// <summary>
/// What a bundle saves, from its catalog definition alone, as the public pages show it before anyone applies:
/// one form instead of one per item, the fields asked once, no trip to apply online against one per item (and one
/// more per document or card to collect), and the promised working days against the items' own added up. A case's
/// actual figures are <c>CaseMeasures</c>.
/// </summary>
public sealed record BundleSavings(int Items, int Fields, int FieldsSeparately, int TripsSeparately, int WorkingDays, int WorkingDaysSeparately)
{
    public static BundleSavings Of(Bundle bundle, IReadOnlyDictionary<string, ServiceItem> items)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(items);
        var members = bundle.Items.Where(items.ContainsKey).Select(c => items[c]).ToList();
        return new BundleSavings(
            members.Count,
            bundle.Fields.Count,
            members.Sum(i => i.Fields.Count),
            members.Count + members.Count(i => i.Output.Physical),
            bundle.TimeLimitDays,
            members.Sum(i => i.TimeLimitDays));
    }

    public int FormsSaved => Math.Max(0, Items - 1);

    /// <summary>Trips not made when applying online with electronic results or mailing.</summary>
    public int TripsSaved => TripsSeparately;
}
