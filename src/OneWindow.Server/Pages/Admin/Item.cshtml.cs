using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Divisions;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// Platform admins write a service item as a form: names, department, level, time limit, audience, the applicant's
/// fields, the materials, and what handling produces with the certificate's wording. 预览 shows the form the applicant
/// will fill and the certificate's text without saving; every button posts the whole form, so nothing typed is lost.
/// The JSON definition stays for what the form does not show (declared results, shared-data writes) and bulk work.
/// </summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
public sealed class ItemModel(OneWindowDb db, TimeProvider clock) : PageModel
{
    /// <summary>Empty for a new item (the address is /Admin/Item).</summary>
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
    public string? Department { get; set; }

    [BindProperty]
    public string? Level { get; set; }

    [BindProperty]
    public string? TimeLimitDays { get; set; }

    [BindProperty]
    public List<string> Audience { get; set; } = [];

    [BindProperty]
    public bool AcrossRegions { get; set; }

    [BindProperty]
    public List<FieldRow> Fields { get; set; } = [];

    [BindProperty]
    public List<MaterialRow> Materials { get; set; } = [];

    [BindProperty]
    public string? OutputKind { get; set; }

    [BindProperty]
    public string? CertificateType { get; set; }

    [BindProperty]
    public string? ValidityDays { get; set; }

    [BindProperty]
    public bool Physical { get; set; }

    [BindProperty]
    public string? WordingSelf { get; set; }

    [BindProperty]
    public string? WordingRelative { get; set; }

    [BindProperty]
    public string? Definition { get; set; }

    public bool Saved { get; private set; }

    /// <summary>The item as the form reads now, for the preview; null when it was not asked for or does not parse.</summary>
    public ItemDocument? Preview { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string> ErrorLabels { get; private set; } = new Dictionary<string, string>();

    /// <summary>Shared data items (by code) with their fields, for the source and material choices.</summary>
    public IReadOnlyList<SharedDataItem> SharedItems { get; private set; } = [];

    /// <summary>Certificate types the catalog issues, with the item that issues each.</summary>
    public IReadOnlyList<(string Type, string Item)> CertificateTypes { get; private set; } = [];

    /// <summary>
    /// What a material can be replaced by: the registered shared data items by name, and the other sources the
    /// catalog already names (the applicant's verified identity, records of systems not yet connected).
    /// </summary>
    public IReadOnlyList<(string Code, string Label)> MaterialSources { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(string? code, bool saved, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Saved = saved;
        if (code is null)
        {
            Show(new ItemDocument("", "", "", null, null, DepartmentKind.VillageCommittee, DivisionLevel.Village, 5, [], [], new ItemOutput(global::OneWindow.Catalog.OutputKind.Record, null, null)), null);
            return Page();
        }
        var item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (item is null)
        {
            return NotFound();
        }
        Show(ItemDocument.From(item), code);
        return Page();
    }

    /// <summary>Preview, add rows, or save: <paramref name="action"/> is the button pressed.</summary>
    public async Task<IActionResult> OnPostAsync(string? code, string? action, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Code = code;
        var stored = code is null ? null : await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (code is not null && stored is null)
        {
            return NotFound();
        }
        CatalogEditor.MoveUp(Fields, action);
        var errors = new FieldErrors();
        var document = Read(stored, errors);
        switch (action)
        {
            case "add-field":
                Fields = [.. Fields.Where(r => !r.Remove), new FieldRow()];
                break;
            case "add-material":
                Materials = [.. Materials.Where(m => !m.Remove), new MaterialRow { Required = true }];
                break;
            case "save" when !errors.Any:
                var outcome = await EditCatalog.SaveItemAsync(document.Code, document, db, clock, ct);
                if (outcome.Succeeded)
                {
                    if (code is null)
                    {
                        return RedirectToPage("/Admin/Item", new { code = document.Code, saved = true });
                    }
                    Show(ItemDocument.From(outcome.Value!), code);
                    Saved = true;
                    return Page();
                }
                ShowErrors(outcome.Failure!.AsFieldErrors("item"), document);
                break;
            case "save":
                ShowErrors(errors.ToFailure().Errors, document);
                break;
            default:
                // 预览: check what can be checked without saving, and show the form and the certificate text.
                CatalogDocument.CheckItem(document, "item", errors);
                ShowErrors(errors.Any ? errors.ToFailure().Errors : new Dictionary<string, string[]>(), document);
                Preview = document;
                break;
        }
        Definition = JsonSerializer.Serialize(document, JsonDefaults.Indented);
        return Page();
    }

    /// <summary>An empty row at the end of each list for the next field or material.</summary>
    public IReadOnlyList<FieldRow> FieldRows => Fields.Count > 0 && Fields[^1].IsBlank ? Fields : [.. Fields, new FieldRow()];

    public IReadOnlyList<MaterialRow> MaterialRows => Materials.Count > 0 && Materials[^1].IsBlank ? Materials : [.. Materials, new MaterialRow { Required = true }];

    /// <summary>Saves the JSON definition as written (for what the form does not show).</summary>
    public async Task<IActionResult> OnPostJsonAsync(string code, CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Code = code;
        var (document, invalid) = CatalogEditor.ReadDefinition<ItemDocument>(Definition);
        if (document is null)
        {
            ShowErrors(invalid!, null);
            return Page();
        }
        var outcome = await EditCatalog.SaveItemAsync(code, document, db, clock, ct);
        if (!outcome.Succeeded)
        {
            ShowErrors(outcome.Failure!.AsFieldErrors("item"), document);
            Definition = Definition!;
            return Page();
        }
        Show(ItemDocument.From(outcome.Value!), code);
        Saved = true;
        return Page();
    }

    private ItemDocument Read(ServiceItem? stored, FieldErrors errors)
    {
        if (!EnumText.TryParse<DepartmentKind>(Department ?? "", out var department))
        {
            errors.Add("item.department", Texts.T("is not a known department"));
        }
        if (!EnumText.TryParse<DivisionLevel>(Level ?? "", out var level))
        {
            errors.Add("item.level", Texts.T("is not a division level"));
        }
        if (!EnumText.TryParse<global::OneWindow.Catalog.OutputKind>(OutputKind ?? "", out var kind))
        {
            errors.Add("item.output", Texts.T("is required"));
        }
        var days = FieldRow.Whole(TimeLimitDays, "item.timeLimitDays", errors);
        var validity = FieldRow.Whole(ValidityDays, "item.output.validityDays", errors);
        var audience = new List<ApplicantKind>();
        foreach (var a in Audience)
        {
            if (EnumText.TryParse<ApplicantKind>(a, out var parsed))
            {
                audience.Add(parsed);
            }
        }
        var fields = FieldRow.ToFields(Fields, "item.fields", errors).Select(FieldRow.Plain).ToList();
        var materials = Materials.Where(m => !m.Remove && !m.IsBlank).Select(m => m.ToMaterial()).ToList();
        var wording = string.IsNullOrWhiteSpace(WordingSelf) && string.IsNullOrWhiteSpace(WordingRelative) ? null
            : new CertificateWording(TextInput.Clean(WordingSelf ?? ""), string.IsNullOrWhiteSpace(WordingRelative) ? null : TextInput.Clean(WordingRelative));
        var output = new ItemOutput(kind, string.IsNullOrWhiteSpace(CertificateType) ? null : CertificateType.Trim(), validity,
            stored?.Output.Results, Physical, stored?.Output.Writes, wording);
        return new ItemDocument(
            Code ?? (NewCode ?? "").Trim().ToUpperInvariant(), (Name ?? "").Trim(), (NameEn ?? "").Trim(), Description?.Trim(), DescriptionEn?.Trim(),
            department, level, days ?? 0, fields, materials, output, AcrossRegions, audience);
    }

    private void Show(ItemDocument document, string? code)
    {
        Code = code;
        NewCode = document.Code;
        Name = document.Name;
        NameEn = document.NameEn;
        Description = document.Description;
        DescriptionEn = document.DescriptionEn;
        Department = EnumText.Of(document.Department);
        Level = EnumText.Of(document.Level);
        TimeLimitDays = document.TimeLimitDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Audience = [.. (document.Audience ?? global::OneWindow.Catalog.Audience.Default).Select(a => EnumText.Of(a))];
        AcrossRegions = document.AcrossRegions;
        Fields = [.. document.Fields.Select(f => FieldRow.From(f))];
        Materials = [.. document.Materials.Select(MaterialRow.From)];
        OutputKind = EnumText.Of(document.Output.Kind);
        CertificateType = document.Output.CertificateType;
        ValidityDays = document.Output.ValidityDays?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Physical = document.Output.Physical;
        WordingSelf = document.Output.Wording?.Self;
        WordingRelative = document.Output.Wording?.Relative;
        Definition = JsonSerializer.Serialize(document, JsonDefaults.Indented);
    }

    private void ShowErrors(IReadOnlyDictionary<string, string[]> errors, ItemDocument? document)
    {
        Errors = errors;
        ErrorLabels = CatalogEditor.Labels(errors, document?.Fields ?? [], document?.Materials ?? []);
        if (document is not null)
        {
            // The rows as read: removed and empty rows gone, so error numbers match what the page shows.
            Fields = [.. FieldRow.Kept(Fields)];
            Materials = [.. Materials.Where(m => !m.Remove && !m.IsBlank)];
        }
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        SharedItems = await SharedDataItems.AllAsync(db, ct);
        var items = await db.ServiceItems.AsNoTracking().ToListAsync(ct);
        MaterialSources = [.. SharedItems.Select(s => (s.Code, Ui.English ? s.NameEn : s.Name))
            .Concat(items.SelectMany(i => i.Materials).Select(m => m.SharedData).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(c => (c, c)))
            .DistinctBy(s => s.Item1)];
        CertificateTypes = [.. items.Where(i => i.Output is { Kind: global::OneWindow.Catalog.OutputKind.Certificate, CertificateType: not null })
            .Select(i => (i.Output.CertificateType!, Ui.English ? i.NameEn : i.Name)).DistinctBy(t => t.Item1).OrderBy(t => t.Item1, StringComparer.Ordinal)];
    }
}
