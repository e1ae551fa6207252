using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// Platform admins' catalog: every item and bundle with its editor, new ones, and the whole catalog as a JSON file
/// to download or to import (bulk work: checked against what is stored, all or nothing).
/// </summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
[RequestSizeLimit(MaxImportBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes)]
public sealed class IndexModel(OneWindowDb db, TimeProvider clock) : PageModel
{
    public const long MaxImportBytes = 16 * 1024 * 1024;

    public IReadOnlyList<ServiceItem> Items { get; private set; } = [];

    public IReadOnlyList<Bundle> Bundles { get; private set; } = [];

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The whole catalog as the import reads it.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var document = await ImportCatalog.ExportAsync(db, ct);
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, Common.JsonDefaults.Indented);
        return File(bytes, "application/json", $"catalog-{DateOnly.FromDateTime(clock.GetLocalNow().DateTime):yyyyMMdd}.json");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors = new Dictionary<string, string[]> { [Ui.T("文件")] = [Ui.T("请选择一个目录 JSON 文件。")] };
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var parsed = CatalogDocument.Parse(stream);
            var valid = parsed.Succeeded ? await ImportCatalog.ValidateAgainstStoreAsync(db, parsed.Value!, ct) : parsed;
            if (valid.Succeeded)
            {
                var result = await ImportCatalog.HandleAsync(db, valid.Value!, clock, ct);
                Done = Ui.T("已导入 {0} 个事项、{1} 个一件事。", result.Items, result.Bundles);
            }
            else
            {
                Errors = valid.Failure!.AsFieldErrors("file");
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = [.. (await db.ServiceItems.AsNoTracking().ToListAsync(ct)).OrderBy(i => i.Department).ThenBy(i => i.Code, StringComparer.Ordinal)];
        Bundles = [.. (await db.Bundles.AsNoTracking().ToListAsync(ct)).OrderBy(b => b.Code, StringComparer.Ordinal)];
    }
}
