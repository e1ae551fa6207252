using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Certificates;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// The certificates the staff member's unit issued, newest first, with their status; its reviewers and admin revoke one
/// here — with a reason, which the verification page then shows, and a confirmation, since a revocation cannot be undone.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class CertificatesModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, CertificateIssuer issuer) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(Certificate Certificate, string TypeName, string HolderName);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public bool MayRevoke { get; private set; }

    public string? Revoked { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(string? revoked, CancellationToken ct)
    {
        Revoked = revoked;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, bool confirm, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        if (!confirm)
        {
            Errors = new Dictionary<string, string[]> { ["confirm"] = [Ui.T("撤销后不能恢复，请勾选确认后再撤销")] };
        }
        else
        {
            var outcome = await issuer.RevokeAsync(actor!, id, reason, ct);
            if (outcome.Succeeded)
            {
                return RedirectToPage(new { revoked = outcome.Value!.Identifier, p = PageNumber, q = Q });
            }
            Errors = outcome.Failure!.AsFieldErrors("certificate");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        MayRevoke = actor!.Has(OneWindow.Identity.StaffRoles.Reviewer) || actor.Has(OneWindow.Identity.StaffRoles.UnitAdmin);
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        var query = db.Certificates.AsNoTracking().Where(c => c.UnitId == actor.UnitId);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            query = query.Where(c => c.Identifier.Contains(term));
        }
        Total = await query.CountAsync(ct);
        var certificates = await query.OrderByDescending(c => c.StatusIndex).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var holders = certificates.Select(c => c.HolderId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => holders.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.OrganisationName ?? u.RealName, ct);
        var types = await db.ServiceItems.AsNoTracking().ToListAsync(ct);
        var typeNames = types.Where(i => i.Output.CertificateType is not null).GroupBy(i => i.Output.CertificateType!)
            .ToDictionary(g => g.Key, g => Ui.English ? g.First().NameEn : g.First().Name);
        Rows = [.. certificates.Select(c => new Row(c, typeNames.GetValueOrDefault(c.CertificateType, c.CertificateType), names.GetValueOrDefault(c.HolderId, "")))];
    }
}
