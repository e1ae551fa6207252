using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OneWindow.Server.Infrastructure;
using OneWindow.Unresolved;

namespace OneWindow.Server.Pages.Report;

/// <summary>
/// 办不成事反映窗口: anyone says what they could not get done — signed in (their name is their account's), a clerk at a
/// window for a visitor, or at a kiosk without an account — and receives a tracking number to follow it by.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, OneWindow.Calendar.CalendarCache calendars, TimeProvider clock, IOptions<UnresolvedOptions> options) : PageModel
{
    public OneWindow.Identity.Account? Actor { get; private set; }

    public IReadOnlyList<(string Code, string Name)> Matters { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public UnresolvedReports.View? Filed { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Tried { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DivisionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ItemCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? ApplicationId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var filed = await UnresolvedReports.FileAsync(actor, new UnresolvedReports.Request(Name, Phone, Tried, DivisionCode, null, string.IsNullOrEmpty(ItemCode) ? null : ItemCode, ApplicationId),
            db, calendars, clock, options.Value, ct);
        if (filed.Succeeded)
        {
            Filed = (await UnresolvedReports.ViewsAsync([filed.Value!], db, clock, ct))[0];
        }
        else
        {
            Errors = filed.Failure!.AsFieldErrors("report");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Actor = await CurrentAccount.GetAsync(User, users);
        var items = await OneWindow.Catalog.CatalogQueries.AllItemsAsync(db, ct);
        Matters = [.. items.Where(i => !i.Audience.Contains(OneWindow.Catalog.ApplicantKind.Staff) || i.Audience.Count > 1)
            .Select(i => (i.Code, Ui.English ? i.NameEn : i.Name)).OrderBy(m => m.Item2, StringComparer.Ordinal)];
    }
}
