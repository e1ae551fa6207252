using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Catalog;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Certificates;

/// <summary>The application form for a certificate item, built from the catalog's field definitions.</summary>
[Authorize(Policy = Claims.ResidentPolicy)]
public sealed class ApplyModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, SubmitApplication.Services submissions) : PageModel
{
    public ServiceItem? Item { get; private set; }

    [BindProperty]
    public string? DivisionCode { get; set; }

    [BindProperty]
    public Dictionary<string, string> Values { get; set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        return Item is null || Item.Output.Kind != OutputKind.Certificate ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        Item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (Item is null)
        {
            return NotFound();
        }
        var actor = await CurrentAccount.GetAsync(User, users);
        var fields = Values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value);
        var outcome = await ApplyForCertificate.HandleAsync(actor!, new ApplyForCertificate.Request(code, DivisionCode, fields, Channel.Web, null), db, submissions, ct);
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure!.AsFieldErrors("application");
            return Page();
        }
        return Redirect("/Certificates");
    }
}
