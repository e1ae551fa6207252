using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;
using OneWindow.Unresolved;

namespace OneWindow.Server.Pages.Report;

/// <summary>Following a 办不成事 report by its tracking number and the phone's last four digits; rating the answer once given.</summary>
[AllowAnonymous]
public sealed class TrackModel(OneWindowDb db, TimeProvider clock) : PageModel
{
    public UnresolvedReports.View? Report { get; private set; }

    public string? Refusal { get; private set; }

    public string? Notice { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Phone { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Number) && !string.IsNullOrEmpty(Phone))
        {
            await FindAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostRateAsync(int? rating, CancellationToken ct)
    {
        var found = await UnresolvedReports.TrackAsync(Number, Phone, db, ct);
        var rated = found.Succeeded ? await UnresolvedReports.RateAsync(found.Value!, rating, db, clock, ct) : found;
        db.ChangeTracker.Clear();
        Notice = rated.Succeeded ? Ui.T("感谢您的评价。") : null;
        Refusal = rated.Succeeded ? null : rated.Failure!.Detail;
        await FindAsync(ct);
        return Page();
    }

    private async Task FindAsync(CancellationToken ct)
    {
        var found = await UnresolvedReports.TrackAsync(Number, Phone, db, ct);
        if (found.Succeeded)
        {
            Report = (await UnresolvedReports.ViewsAsync([found.Value!], db, clock, ct))[0];
        }
        else
        {
            Refusal = Ui.T("没有找到这个查询编号，或手机号码后四位不对。");
        }
    }
}
