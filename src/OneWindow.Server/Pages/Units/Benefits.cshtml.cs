using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Proactive;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// The benefits the staff member's unit granted without application (免申即享): who, what and why, those still to pay
/// first; a reviewer records each payment once.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class BenefitsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, ProactiveRules rules, TimeProvider clock) : PageModel
{
    public IReadOnlyList<OneWindow.Proactive.Benefits.View> Grants { get; private set; } = [];

    public bool MayPay { get; private set; }

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPayAsync(Guid id, CancellationToken ct)
    {
        var staff = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await OneWindow.Proactive.Benefits.PayAsync(staff, id, db, rules, clock, ct);
        if (outcome.Succeeded)
        {
            Done = Ui.T("已登记发放：{0}", outcome.Value!.Item);
        }
        else
        {
            Errors = new Dictionary<string, string[]> { [Ui.T("发放")] = [outcome.Failure!.Detail ?? outcome.Failure.Title] };
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var staff = (await CurrentAccount.GetAsync(User, users))!;
        MayPay = staff.Has(OneWindow.Identity.StaffRoles.Reviewer);
        var listed = await OneWindow.Proactive.Benefits.OfUnitAsync(staff, db, rules, ct);
        Grants = listed.Succeeded ? listed.Value! : [];
    }
}
