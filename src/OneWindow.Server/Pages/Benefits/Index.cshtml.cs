using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataSharing;
using OneWindow.Proactive;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Benefits;

/// <summary>
/// 免申即享: the benefits granted to the person without their asking, each with the rule and the data that granted it,
/// and the way to object — after which they apply in the normal way.
/// </summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class IndexModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, SubjectKeys keys, ProactiveRules rules, TimeProvider clock) : PageModel
{
    public IReadOnlyList<OneWindow.Proactive.Benefits.View> Grants { get; private set; } = [];

    /// <summary>The benefit just objected to: the page offers its normal application.</summary>
    public OneWindow.Proactive.Benefits.View? Objected { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostObjectAsync(Guid id, string? reason, CancellationToken ct)
    {
        var person = (await CurrentAccount.GetAsync(User, users))!;
        var outcome = await OneWindow.Proactive.Benefits.ObjectAsync(person, id, reason, db, keys, rules, clock, ct);
        if (outcome.Succeeded)
        {
            Objected = outcome.Value;
        }
        else
        {
            Errors = outcome.Failure!.AsFieldErrors("reason");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var person = (await CurrentAccount.GetAsync(User, users))!;
        var mine = await OneWindow.Proactive.Benefits.MineAsync(person, db, keys, rules, ct);
        Grants = mine.Succeeded ? mine.Value! : [];
    }
}
