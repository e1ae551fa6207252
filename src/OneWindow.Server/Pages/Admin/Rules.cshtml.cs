using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Proactive;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// The benefit rules in force (免申即享) with their sources, what sets each off and what it grants; platform admins
/// try a rule set off by a scan before it is switched on (a dry run: whom it would reach, granting nothing).
/// </summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
public sealed class RulesModel(ProactiveRules rules, ScanBenefits scans) : PageModel
{
    public ProactiveRules Rules => rules;

    public ScanBenefits.Result? Trial { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<PageResult> OnPostTryAsync(string? rule, CancellationToken ct)
    {
        var tried = rules.Trial.Rules.FirstOrDefault(r => r.Code == rule);
        if (tried?.On.Kind == TriggerKind.TaskApproved)
        {
            var outcome = await scans.TryOnApprovalsAsync(tried.Code, ct);
            Trial = outcome.Value;
            Errors = outcome.Succeeded ? Errors : outcome.Failure!.AsFieldErrors("rule");
        }
        else
        {
            var outcome = await scans.RunAsync(rule, dryRun: true, progress: null, ct);
            Trial = outcome.Value?.FirstOrDefault();
            Errors = outcome.Succeeded ? Errors : outcome.Failure!.AsFieldErrors("rule");
        }
        return Page();
    }
}
