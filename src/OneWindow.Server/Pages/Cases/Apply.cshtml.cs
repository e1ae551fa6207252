using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Cases;

/// <summary>
/// One form for a bundle (or a single item): filled, checked field by field, shown back on a
/// check-your-answers page, then submitted once (the page carries an idempotency key, so a double click or a
/// resent form returns the same case). A long form can be saved part-way and continued later: the saved
/// draft fills the form when the page is opened again, and goes when the application is submitted.
/// </summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class ApplyModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock, OneWindow.Applications.Drafts.Drafts drafts, SubmissionReferences references,
    OneWindow.DataSharing.OnceOnly onceOnly, SubmitApplication.Services submissions, OneWindow.Federation.FederationServices federation) : PageModel
{
    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public IReadOnlyList<FormField> Fields { get; private set; } = [];

    /// <summary>Whether any item hands over a document or card, so the form asks how to deliver it.</summary>
    public bool HasPhysical { get; private set; }

    public bool Checking { get; private set; }

    [BindProperty]
    public string? DivisionCode { get; set; }

    /// <summary>The village given, named with the divisions above it (河北省 石家庄市 正定县 正定镇 西关村委会), once checked.</summary>
    public string? Place { get; private set; }

    /// <summary>The form's values as posted (<c>Values[name]</c>).</summary>
    public Dictionary<string, string> Values { get; private set; } = [];

    [BindProperty]
    public string Delivery { get; set; } = "collect";

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? IdempotencyKey { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The version of the draft this form was filled from (or last saved as), posted back with a save.</summary>
    [BindProperty]
    public int? DraftVersion { get; set; }

    /// <summary>When the draft shown was saved, and until when it is kept; null without a draft.</summary>
    public (DateTimeOffset SavedAt, DateTimeOffset KeptUntil)? Draft { get; private set; }

    /// <summary>True right after a save.</summary>
    public bool Saved { get; private set; }

    /// <summary>Whether shared data could fill some answers or stand for some materials of this matter (免填单、免提交).</summary>
    public bool CanPrefill { get; private set; }

    /// <summary>What the person is asked to agree to: which data, from which department, read by which unit, for which answers and materials.</summary>
    public PrefillForm.Preview? Offer { get; private set; }

    /// <summary>The consent the person gave (carried through check-your-answers to the submission).</summary>
    [BindProperty]
    public Guid? ConsentId { get; set; }

    /// <summary>For each answer filled from shared data, the data's name as shown beside it (<c>FromData[field]</c>).</summary>
    public Dictionary<string, string> FromData { get; private set; } = [];

    /// <summary>Right after agreeing: the materials not asked for, and the data of which the person has no record.</summary>
    public IReadOnlyList<PrefillForm.SavedMaterial> SavedMaterials { get; private set; } = [];

    public IReadOnlyList<string> NotOnRecord { get; private set; } = [];

    public bool Declined { get; private set; }

    private Bundle? _bundle;
    private ServiceItem? _item;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        if (await drafts.FindAsync(actor, code, ct) is { } draft)
        {
            Values = new Dictionary<string, string>(draft.Fields, StringComparer.Ordinal);
            DivisionCode = draft.DivisionCode;
            Delivery = draft.Delivery == DeliveryMethod.Mail ? "mail" : "collect";
            Address = draft.DeliveryAddress;
            DraftVersion = draft.Version;
            Draft = (draft.SavedAt, drafts.KeptUntil(draft));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var save = new OneWindow.Applications.Drafts.Drafts.Save(DivisionCode, Filled(), Delivery == "mail" ? DeliveryMethod.Mail : DeliveryMethod.Collect, Address, DraftVersion);
        var outcome = await drafts.SaveAsync(actor, code, save, ct);
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure is StateConflict
                ? new Dictionary<string, string[]> { ["form"] = [Ui.T("这份草稿已在别处（另一个窗口或设备）保存过更新的内容。请重新打开本页查看最新草稿后再保存。")] }
                : outcome.Failure!.AsFieldErrors("form");
            return Page();
        }
        DraftVersion = outcome.Value!.Version;
        Draft = (outcome.Value.SavedAt, drafts.KeptUntil(outcome.Value));
        Saved = true;
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var form = Filled();
        var errors = new FieldErrors();
        var plan = _bundle is not null
            ? ApplicationPlanner.Plan(_bundle, await ItemsAsync(ct), form, today)
            : ApplicationPlanner.Plan(_item!, form, today);
        if (!plan.Succeeded)
        {
            errors.AddAll(plan.Failure!, "fields");
        }
        await VillageAsync(errors, ct);
        if (errors.Any)
        {
            Errors = errors.ToFailure().AsFieldErrors("form");
            return Page();
        }
        Checking = true;
        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    /// <summary>Shows what shared data could be used, reading none of it.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string code, CancellationToken ct)
    {
        if (await PrefillStepAsync(code, ct) is { } stop)
        {
            return stop;
        }
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await PrefillForm.PreviewAsync(actor, Matter(), db, references, onceOnly, ct);
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure!.AsFieldErrors("form");
            return Page();
        }
        Offer = outcome.Value;
        return Page();
    }

    /// <summary>The person agrees: the data is read (each read in their data log) and fills the form, marked with its source.</summary>
    public async Task<IActionResult> OnPostConsentAsync(string code, CancellationToken ct)
    {
        if (await PrefillStepAsync(code, ct) is { } stop)
        {
            return stop;
        }
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await PrefillForm.ConsentAsync(actor, Matter(), db, references, onceOnly, clock, ct);
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure!.AsFieldErrors("form");
            return Page();
        }
        var filled = outcome.Value!;
        foreach (var (name, value) in filled.Values)
        {
            Values[name] = value;
        }
        ConsentId = filled.ConsentId;
        var names = filled.Used.Sources.DistinctBy(s => s.Item).ToDictionary(s => s.Item, s => $"{(Ui.English ? s.ItemNameEn : s.ItemName)}（{Ui.Department(s.Owner)}）", StringComparer.Ordinal);
        FromData = filled.ValueSources.ToDictionary(v => v.Key, v => names.GetValueOrDefault(v.Value, v.Value), StringComparer.Ordinal);
        SavedMaterials = [.. filled.Used.Sources.SelectMany(s => s.Materials)];
        var itemNames = await db.SharedDataItems.AsNoTracking().ToDictionaryAsync(i => i.Code, i => Ui.English ? i.NameEn : i.Name, StringComparer.Ordinal, ct);
        NotOnRecord = [.. filled.NotOnRecord.Select(c => itemNames.GetValueOrDefault(c, c))];
        return Page();
    }

    /// <summary>The person declines: nothing is read; the form is theirs to fill.</summary>
    public async Task<IActionResult> OnPostDeclineAsync(string code, CancellationToken ct)
    {
        Filled();
        Declined = true;
        ConsentId = null;
        return await LoadAsync(code, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(string code, CancellationToken ct)
    {
        Filled();
        return await LoadAsync(code, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSubmitAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        var actor = await CurrentAccount.GetAsync(User, users);
        var delivery = new SubmitApplication.DeliveryRequest(Delivery == "mail" ? DeliveryMethod.Mail : DeliveryMethod.Collect, string.IsNullOrWhiteSpace(Address) ? null : Address);
        var request = new SubmitApplication.Request(_bundle?.Code, _item?.Code, DivisionCode, Filled(), Channel.Web, Delivery: delivery, ConsentId: ConsentId);
        if (actor!.Kind != OneWindow.Identity.AccountKind.Staff && federation.Options.PeerFor(DivisionCode?.Trim()) is { } peer)
        {
            // 跨省通办: the village lies in a region another platform serves; the case is forwarded there and followed here.
            var forwarded = await OneWindow.Federation.ForwardApplication.HandleAsync(actor, request, IdempotencyKey, peer, db, federation, ct);
            if (forwarded.Succeeded)
            {
                return Redirect($"/Cases/Forwarded/{forwarded.Value!.Case.Id}?submitted=true");
            }
            Errors = forwarded.Failure!.AsFieldErrors("form");
            return Page();
        }
        var outcome = await SubmitApplication.HandleAsync(actor, request, IdempotencyKey, db, submissions, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/Cases/{outcome.Value!.Case.Id}?submitted=true");
        }
        if (outcome.Failure is DuplicateCase duplicate)
        {
            return Redirect($"/Cases/{duplicate.ExistingCaseId}?duplicate=true");
        }
        Errors = outcome.Failure!.AsFieldErrors("form");
        return Page();
    }

    private Dictionary<string, string> Filled()
    {
        FromData = FieldInput.Posted(Request.Form, "FromData");
        return Values = FieldInput.Posted(Request.Form, "Values");
    }

    /// <summary>Loads the matter and the posted answers for a pre-fill step; the page to show instead (no such matter, no village yet), or null.</summary>
    private async Task<IActionResult?> PrefillStepAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        Filled();
        var errors = new FieldErrors();
        if (await VillageAsync(errors, ct) is null)
        {
            Errors = errors.ToFailure().AsFieldErrors("form");
            return Page();
        }
        return null;
    }

    /// <summary>The village given, checked as the submission will check it (errors under <c>divisionCode</c>); sets <see cref="Place"/>.</summary>
    private async Task<OneWindow.Divisions.Division?> VillageAsync(FieldErrors errors, CancellationToken ct)
    {
        var village = await SubmitApplication.VillageAsync(DivisionCode, errors, db, references, ct);
        if (village is not null)
        {
            DivisionCode = village.Code;
            Place = string.Join(" ", (await OneWindow.Divisions.DivisionQueries.AncestryAsync(db, village, ct)).Select(d => d.Name));
        }
        return village;
    }

    private PrefillForm.Request Matter() => new(_bundle?.Code, _item?.Code, DivisionCode);

    private async Task<Dictionary<string, ServiceItem>> ItemsAsync(CancellationToken ct) =>
        await db.ServiceItems.AsNoTracking().Where(i => _bundle!.Items.Contains(i.Code)).ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        _bundle = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code, ct);
        _item = _bundle is null ? await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct) : null;
        if (_bundle is null && _item is null)
        {
            return false;
        }
        Name = _bundle is not null ? (Ui.English ? _bundle.NameEn : _bundle.Name) : (Ui.English ? _item!.NameEn : _item!.Name);
        Description = _bundle is not null ? (Ui.English ? _bundle.DescriptionEn : _bundle.Description) : (Ui.English ? _item!.DescriptionEn : _item!.Description);
        Fields = _bundle is not null ? _bundle.Fields : _item!.Fields;
        var items = _bundle is not null ? (await ItemsAsync(ct)).Values.ToList() : [_item!];
        HasPhysical = items.Any(i => i.Output.Physical);
        var published = (await db.SharedDataItems.AsNoTracking().Select(i => i.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        CanPrefill = Fields.Any(f => f.Source is { } source && published.Contains(source.Item)) || items.Any(i => i.Materials.Any(m => m.SharedData is { } data && published.Contains(data)));
        return true;
    }
}
