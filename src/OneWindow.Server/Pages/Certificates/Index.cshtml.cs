using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Certificates;

/// <summary>"My certificates": the resident's certificates with downloads, and their applications.</summary>
[Authorize(Policy = Claims.ResidentPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users) : PageModel
{
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];

    public IReadOnlyList<CertificateApplication> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        Certificates = await db.Certificates.AsNoTracking().Where(c => c.HolderId == actor!.Id).OrderByDescending(c => c.Id).ToListAsync(ct);
        var cases = await (await CertificateApplication.VisibleToAsync(db, actor!, ct)).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        Applications = await CertificateApplication.OfAsync(db, cases, ct);
    }
}
