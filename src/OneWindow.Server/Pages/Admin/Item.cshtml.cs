using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>Platform admins edit a service item: its names and time limit, and its full JSON definition.</summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
public sealed class ItemModel(OneWindowDb db, TimeProvider clock) : PageModel
{
    public string Code { get; private set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NameEn { get; set; }

    [BindProperty]
    public string? TimeLimitDays { get; set; }

    [BindProperty]
    public string? Definition { get; set; }

    public bool Saved { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (item is null)
        {
            return NotFound();
        }
        Show(ItemDocument.From(item));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        Code = code;
        ItemDocument? document = null;
        try
        {
            document = JsonSerializer.Deserialize<ItemDocument>(Definition ?? "", JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            Errors = new Dictionary<string, string[]> { ["definition"] = [ex.Message] };
            return Page();
        }
        if (document is null || !int.TryParse(TimeLimitDays, out var days))
        {
            Errors = new Dictionary<string, string[]> { [document is null ? "definition" : "timeLimitDays"] = [Ui.T("必须填写有效内容")] };
            return Page();
        }
        document = document with { Name = Name?.Trim() ?? "", NameEn = NameEn?.Trim() ?? "", TimeLimitDays = days };
        var outcome = await EditCatalog.SaveItemAsync(code, document, db, clock, ct);
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure!.AsFieldErrors("item");
            return Page();
        }
        Show(ItemDocument.From(outcome.Value!));
        Saved = true;
        return Page();
    }

    private void Show(ItemDocument document)
    {
        Code = document.Code;
        Name = document.Name;
        NameEn = document.NameEn;
        TimeLimitDays = document.TimeLimitDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Definition = JsonSerializer.Serialize(document, JsonDefaults.Indented);
    }
}
