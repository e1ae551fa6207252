using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// Once-only for the applicant (免填单、免提交): before typing, a person sees which of the form's answers and
/// which materials the units handling their matter can take from the person's own shared data — which data, from
/// which department, read by which unit, for what — and agrees or not. The preview reads nothing. Agreeing reads
/// the records (each read in the person's data log and the ledger) and returns the answers, marked with their
/// source, and a consent to submit with; refusing simply leaves the form to be typed and the materials uploaded.
/// </summary>
public static class PrefillForm
{
    public sealed record Request(string? BundleCode, string? ItemCode, string? DivisionCode);

    /// <summary>A material that would not be asked for: the item it belongs to and its catalog entry.</summary>
    public sealed record SavedMaterial(string ItemCode, string ItemName, string ItemNameEn, Material Material);

    /// <summary>
    /// One read that would be made: shared data item <see cref="Item"/> (owned by <see cref="Owner"/>), its fields
    /// <see cref="Fields"/>, read by unit <see cref="UnitName"/>; it fills <see cref="FormFields"/> and stands for
    /// <see cref="Materials"/>.
    /// </summary>
    public sealed record Source(string Item, string ItemName, string ItemNameEn, DepartmentKind Owner, Guid UnitId, string UnitName,
        IReadOnlyList<SharedField> Fields, IReadOnlyList<FormField> FormFields, IReadOnlyList<SavedMaterial> Materials);

    /// <summary>What would be used, for which purpose (the purpose the units' grants name).</summary>
    public sealed record Preview(string Purpose, IReadOnlyList<Source> Sources);

    /// <summary>
    /// The answers read (form field → value, ready for the form), the consent to submit with and until when it can be
    /// used, what was read, and the items of which the person has no record (those answers and materials stay theirs to give).
    /// </summary>
    public sealed record Filled(Guid ConsentId, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> ValueSources,
        Preview Used, IReadOnlyList<string> NotOnRecord);

    /// <summary>The purpose under which units read shared data to handle a matter; grants for once-only name it.</summary>
    public static string PurposeOf(string matterName) => $"办理{matterName}";

    private sealed record Matter(string Code, string Name, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, ServiceItem> Items, string? SingleItem,
        IReadOnlyDictionary<string, RoutableUnit> Units);

    public static async Task<Outcome<Preview>> PreviewAsync(Account actor, Request request, OneWindowDb db, SubmissionReferences references, OnceOnly onceOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onceOnly);
        var matter = await MatterAsync(actor, request, db, references, ct);
        if (!matter.Succeeded)
        {
            return matter.Failure!;
        }
        var purpose = PurposeOf(matter.Value!.Name);
        var offers = await onceOnly.OffersAsync(actor, Needs(matter.Value), purpose, db, ct);
        return new Preview(purpose, Describe(matter.Value, offers));
    }

    public static async Task<Outcome<Filled>> ConsentAsync(Account actor, Request request, OneWindowDb db, SubmissionReferences references, OnceOnly onceOnly, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onceOnly);
        ArgumentNullException.ThrowIfNull(clock);
        var matter = await MatterAsync(actor, request, db, references, ct);
        if (!matter.Succeeded)
        {
            return matter.Failure!;
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var fields = matter.Value!.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var purpose = PurposeOf(matter.Value.Name);
        var consented = await onceOnly.ConsentAsync(actor, matter.Value.Code, purpose, Needs(matter.Value),
            (use, value) => fields.TryGetValue(use, out var field) ? field.FromShared(value, today) : null, db, ct);
        if (!consented.Succeeded)
        {
            return consented.Failure!;
        }
        var (consent, values, offers, notOnRecord) = consented.Value!;
        var read = offers.Where(o => consent.Reads.Any(r => r.Item == o.Item.Code && r.UnitId == o.UnitId)).ToList();
        return new Filled(consent.Id, consent.ExpiresAt, values, consent.Sources, new Preview(purpose, Describe(matter.Value, read)), notOnRecord);
    }

    /// <summary>
    /// What the matter could take from shared data: each form field with a source, readable by the units of the
    /// items the field goes to; each material that names a shared data item, readable by its item's unit. Pure.
    /// </summary>
    internal static List<OnceOnly.Need> Needs(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, ServiceItem> items, string? singleItem, IReadOnlyDictionary<string, Guid> units)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(units);
        var needs = new List<OnceOnly.Need>();
        foreach (var field in fields.Where(f => f.Source is { IsWellFormed: true }))
        {
            var targets = field is BundleField mapped ? mapped.MapsTo.Select(m => m.Item) : singleItem is null ? [] : [singleItem];
            var readers = targets.Where(units.ContainsKey).Select(t => units[t]).Distinct().ToList();
            if (readers.Count > 0)
            {
                needs.Add(new OnceOnly.Need(field.Name, field.Source!.Item, field.Source.Field, readers));
            }
        }
        foreach (var item in items.Values.Where(i => units.ContainsKey(i.Code)).OrderBy(i => i.Code, StringComparer.Ordinal))
        {
            foreach (var material in item.Materials.Where(m => m.SharedData is not null))
            {
                needs.Add(new OnceOnly.Need(MaterialUse(item.Code, material.Code), material.SharedData!, null, [units[item.Code]]));
            }
        }
        return needs;
    }

    private static List<OnceOnly.Need> Needs(Matter matter) =>
        Needs(matter.Fields, matter.Items, matter.SingleItem, matter.Units.ToDictionary(u => u.Key, u => u.Value.Id, StringComparer.Ordinal));

    internal static string MaterialUse(string itemCode, string materialCode) => $"material:{itemCode}:{materialCode}";

    private static List<Source> Describe(Matter matter, IReadOnlyList<OnceOnly.Offer> offers)
    {
        var fields = matter.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var units = matter.Units.Values.DistinctBy(u => u.Id).ToDictionary(u => u.Id);
        return [.. offers.Select(o => new Source(
            o.Item.Code, o.Item.Name, o.Item.NameEn, o.Item.Owner, o.UnitId, units.TryGetValue(o.UnitId, out var unit) ? unit.Name : "",
            [.. o.Item.Fields.Where(f => o.Fields.Contains(f.Name, StringComparer.Ordinal))],
            [.. o.Uses.Where(u => u.Field is not null && fields.ContainsKey(u.Use)).Select(u => fields[u.Use])],
            [.. o.Uses.Where(u => u.Field is null).Select(u => u.Use.Split(':')).Where(p => p.Length == 3 && matter.Items.ContainsKey(p[1]))
                .Select(p => (Item: matter.Items[p[1]], Code: p[2])).Where(p => p.Item.Materials.Any(m => m.Code == p.Code))
                .Select(p => new SavedMaterial(p.Item.Code, p.Item.Name, p.Item.NameEn, p.Item.Materials.First(m => m.Code == p.Code)))]))];
    }

    /// <summary>The bundle or item, for a village the applicant names, routed to its units — checked as a submission would be.</summary>
    private static async Task<Outcome<Matter>> MatterAsync(Account actor, Request request, OneWindowDb db, SubmissionReferences references, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (ApplicantAudience.KindOf(actor) is not { } applicantKind)
        {
            return new Forbidden(Texts.T("Only the person applying sees and agrees to the use of their own data"));
        }
        var errors = new FieldErrors();
        var (bundle, single, division) = await SubmitApplication.MatterAsync(request.BundleCode, request.ItemCode, request.DivisionCode, errors, db, references, ct);
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (ApplicantAudience.Refuse(bundle?.Name ?? single!.Name, bundle?.Audience ?? single!.Audience, applicantKind) is { } notForYou)
        {
            return notForYou;
        }
        var items = bundle is null
            ? new Dictionary<string, ServiceItem>(StringComparer.Ordinal) { [single!.Code] = single }
            : await references.ItemsAsync(db, bundle.Items, ct);
        var routed = await SubmitApplication.RouteAsync([.. items.Values], division!.Code, db, references, ct);
        if (!routed.Succeeded)
        {
            return routed.Failure!;
        }
        return new Matter(bundle?.Code ?? single!.Code, bundle?.Name ?? single!.Name, (IReadOnlyList<FormField>?)bundle?.Fields ?? single!.Fields, items, single?.Code, routed.Value!);
    }
}
