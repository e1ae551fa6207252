using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// Platform admins write a bundle (一件事) as a form: its items chosen from the catalog, the order they are handled in
/// (prerequisites), the unified form with the item fields each of its fields fills, the fields that say whom the bundle
/// is about, and results handed from one item to the next. 预览 shows the unified form and the handling order.
/// </summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
public sealed class BundleModel(OneWindowDb db, TimeProvider clock) : PageModel
{
    public string? Code { get; private set; }

    public bool IsNew => Code is null;

    [BindProperty]
    public string? NewCode { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NameEn { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? DescriptionEn { get; set; }

    [BindProperty]
    public string? Batch { get; set; }

    [BindProperty]
    public string? TimeLimitDays { get; set; }

    [BindProperty]
    public List<string> Audience { get; set; } = [];

    [BindProperty]
    public List<string> Members { get; set; } = [];

    /// <summary>The members as the page drew them, in the bundle's order: ticking keeps it, a new member goes last.</summary>
    [BindProperty]
    public List<string> MemberOrder { get; set; } = [];

    [BindProperty]
    public List<PairRow> Prerequisites { get; set; } = [];

    [BindProperty]
    public List<FieldRow> Fields { get; set; } = [];

    [BindProperty]
    public List<PairRow> Flows { get; set; } = [];

    [BindProperty]
    public string? Definition { get; set; }

    public bool Saved { get; private set; }

    public BundleDocument? Preview { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string> ErrorLabels { get; private set; } = new Dictionary<string, string>();

    /// <summary>Every item of the catalog, by code: the choices for members, prerequisites, mappings and flows.</summary>
    public IReadOnlyDictionary<string, ServiceItem> Catalog { get; private set; } = new Dictionary<string, ServiceItem>();

    public IReadOnlyList<SharedDataItem> SharedItems { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(string? code, bool saved, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Saved = saved;
        if (code is null)
        {
            Show(new BundleDocument("", "", "", null, null, null, 10, [], [], []), null);
            return Page();
        }
        var bundle = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code, ct);
        if (bundle is null)
        {
            return NotFound();
        }
        Show(BundleDocument.From(bundle), code);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? action, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Code = code;
        if (code is not null && !await db.Bundles.AnyAsync(b => b.Code == code, ct))
        {
            return NotFound();
        }
        CatalogEditor.MoveUp(Fields, action);
        var errors = new FieldErrors();
        var document = Read(errors);
        switch (action)
        {
            case "add-field":
                Fields = [.. Fields.Where(r => !r.Remove), new FieldRow()];
                break;
            case "add-pair":
                Prerequisites = [.. Prerequisites.Where(r => !r.Remove), new PairRow()];
                Flows = [.. Flows.Where(r => !r.Remove), new PairRow()];
                break;
            case "save" when !errors.Any:
                var outcome = await EditCatalog.SaveBundleAsync(document.Code, document, db, clock, ct);
                if (outcome.Succeeded)
                {
                    if (code is null)
                    {
                        return RedirectToPage("/Admin/Bundle", new { code = document.Code, saved = true });
                    }
                    Show(BundleDocument.From(outcome.Value!), code);
                    Saved = true;
                    return Page();
                }
                ShowErrors(outcome.Failure!.AsFieldErrors("bundle"), document);
                break;
            case "save":
                ShowErrors(errors.ToFailure().Errors, document);
                break;
            default:
                CatalogDocument.CheckBundle(document, "bundle", Catalog.ToDictionary(p => p.Key, p => ItemDocument.From(p.Value), StringComparer.Ordinal), errors);
                ShowErrors(errors.Any ? errors.ToFailure().Errors : new Dictionary<string, string[]>(), document);
                Preview = document;
                break;
        }
        Definition = JsonSerializer.Serialize(document, JsonDefaults.Indented);
        return Page();
    }

    public async Task<IActionResult> OnPostJsonAsync(string code, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Code = code;
        var (document, invalid) = CatalogEditor.ReadDefinition<BundleDocument>(Definition);
        if (document is null)
        {
            ShowErrors(invalid!, null);
            return Page();
        }
        var outcome = await EditCatalog.SaveBundleAsync(code, document, db, clock, ct);
        if (!outcome.Succeeded)
        {
            ShowErrors(outcome.Failure!.AsFieldErrors("bundle"), document);
            return Page();
        }
        Show(BundleDocument.From(outcome.Value!), code);
        Saved = true;
        return Page();
    }

    /// <summary>The member items in catalog order of choice, for the selects.</summary>
    public IReadOnlyList<ServiceItem> MemberItems => [.. Members.Select(m => Catalog.GetValueOrDefault(m)).OfType<ServiceItem>()];

    public string ItemName(string code) => Catalog.TryGetValue(code, out var item) ? (Ui.English ? item.NameEn : item.Name) : code;

    /// <summary>The member items' fields a unified-form field or a flow can fill, as ITEM|field with a readable label.</summary>
    public IReadOnlyList<(string Value, string Label)> Targets =>
        [.. MemberItems.SelectMany(i => i.Fields.Select(f => ($"{i.Code}|{f.Name}", $"{ItemName(i.Code)} · {(Ui.English ? f.LabelEn : f.Label)}")))];

    /// <summary>The member items' declared results a flow can hand on, as ITEM|result.</summary>
    public IReadOnlyList<(string Value, string Label)> Results =>
        [.. MemberItems.SelectMany(i => (i.Output.Results ?? []).Select(r => ($"{i.Code}|{r.Name}", $"{ItemName(i.Code)} · {(Ui.English ? r.LabelEn : r.Label)}")))];

    public IReadOnlyList<FieldRow> FieldRows => Fields.Count > 0 && Fields[^1].IsBlank ? Fields : [.. Fields, new FieldRow()];

    public IReadOnlyList<PairRow> PrerequisiteRows => Prerequisites.Count > 0 && Prerequisites[^1].IsBlank ? Prerequisites : [.. Prerequisites, new PairRow()];

    public IReadOnlyList<PairRow> FlowRows => Flows.Count > 0 && Flows[^1].IsBlank ? Flows : [.. Flows, new PairRow()];

    private BundleDocument Read(FieldErrors errors)
    {
        Members = [.. MemberOrder.Where(Members.Contains).Concat(Members.Where(m => !MemberOrder.Contains(m))).Distinct(StringComparer.Ordinal)];
        var days = FieldRow.Whole(TimeLimitDays, "bundle.timeLimitDays", errors);
        var batch = FieldRow.Whole(Batch, "bundle.batch", errors);
        var audience = Audience.Select(a => EnumText.TryParse<ApplicantKind>(a, out var k) ? k : (ApplicantKind?)null).OfType<ApplicantKind>().ToList();
        var keptFields = FieldRow.Kept(Fields).ToList();
        var fields = FieldRow.ToFields(keptFields, "bundle.fields", errors);
        var subjectKey = keptFields.Zip(fields).Where(p => p.First.SubjectKey).Select(p => p.Second.Name).ToList();
        var prerequisites = Prerequisites.Where(p => !p.Remove && !p.IsBlank).Select(p => new Prerequisite((p.First ?? "").Trim(), (p.Second ?? "").Trim())).ToList();
        var flows = Flows.Where(p => !p.Remove && !p.IsBlank).Select(p =>
        {
            var (from, result) = Split(p.First);
            var (to, field) = Split(p.Second);
            return new ResultFlow(from, result, to, field);
        }).ToList();
        return new BundleDocument(
            Code ?? (NewCode ?? "").Trim().ToUpperInvariant(), (Name ?? "").Trim(), (NameEn ?? "").Trim(), Description?.Trim(), DescriptionEn?.Trim(),
            batch, days ?? 0, [.. Members.Distinct(StringComparer.Ordinal)], prerequisites, fields, audience, flows, subjectKey);
    }

    private static (string, string) Split(string? pair)
    {
        var text = pair ?? "";
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (text, "") : (text[..bar], text[(bar + 1)..]);
    }

    private void Show(BundleDocument document, string? code)
    {
        Code = code;
        NewCode = document.Code;
        Name = document.Name;
        NameEn = document.NameEn;
        Description = document.Description;
        DescriptionEn = document.DescriptionEn;
        Batch = document.Batch?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TimeLimitDays = document.TimeLimitDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Audience = [.. (document.Audience ?? OneWindow.Catalog.Audience.Default).Select(a => EnumText.Of(a))];
        Members = [.. document.Items];
        Prerequisites = [.. document.Prerequisites.Select(p => new PairRow { First = p.Item, Second = p.Requires })];
        var key = document.SubjectKey ?? [];
        Fields = [.. document.Fields.Select(f => FieldRow.From(f, key.Contains(f.Name)))];
        Flows = [.. (document.Flows ?? []).Select(f => new PairRow { First = $"{f.From}|{f.Result}", Second = $"{f.To}|{f.Field}" })];
        Definition = JsonSerializer.Serialize(document, JsonDefaults.Indented);
    }

    private void ShowErrors(IReadOnlyDictionary<string, string[]> errors, BundleDocument? document)
    {
        Errors = errors;
        ErrorLabels = CatalogEditor.Labels(errors, document?.Fields ?? [], []);
        if (document is not null)
        {
            Fields = [.. FieldRow.Kept(Fields)];
            Prerequisites = [.. Prerequisites.Where(p => !p.Remove && !p.IsBlank)];
            Flows = [.. Flows.Where(p => !p.Remove && !p.IsBlank)];
        }
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        SharedItems = await SharedDataItems.AllAsync(db, ct);
        Catalog = (await db.ServiceItems.AsNoTracking().ToListAsync(ct))
            .OrderBy(i => i.Department).ThenBy(i => i.Code, StringComparer.Ordinal).ToDictionary(i => i.Code, StringComparer.Ordinal);
    }
}
