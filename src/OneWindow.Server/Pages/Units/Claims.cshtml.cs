using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Federation;
using OneWindow.Server.Federation;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// 异地就医直接结算 for a medical-insurance clerk: the bill of a person insured in another region, settled at once
/// against that region's enrolment (no filing beforehand), and the unit's settlements — through the same verb as the API.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class ClaimsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, FederationServices federation, IHttpClientFactory clients) : PageModel
{
    public IReadOnlyList<FederationEndpoints.ClaimView> Settled { get; private set; } = [];

    public IReadOnlyList<(string Region, string Name)> Regions { get; private set; } = [];

    public FederationEndpoints.ClaimView? Result { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public SettleClaim.Request Bill { get; set; } = new(null, null, null, null, null, null, null, null, null);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSettleAsync(CancellationToken ct)
    {
        var clerk = (await CurrentAccount.GetAsync(User, users))!;
        var settled = await SettleClaim.HandleAsync(clerk, Bill, db, federation, FederationEndpoints.Sender(clients, federation.Options), ct);
        if (settled.Succeeded)
        {
            Result = (await FederationEndpoints.ClaimViewsAsync(db, [settled.Value!], ct))[0];
            Bill = new(Bill.InsuredRegion, null, null, Bill.Hospital, null, null, null, null, null);
        }
        else
        {
            Errors = settled.Failure!.AsFieldErrors("bill");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var clerk = (await CurrentAccount.GetAsync(User, users))!;
        var mine = await SettleClaim.OfUnitAsync(clerk, db, 1, 50, ct);
        Settled = mine.Succeeded ? await FederationEndpoints.ClaimViewsAsync(db, mine.Value!, ct) : [];
        var names = await FederationEndpoints.PeersAsync(db, federation, ct);
        Regions = [.. names.Peers.Select(p => (p.Region, p.RegionName))];
    }
}
