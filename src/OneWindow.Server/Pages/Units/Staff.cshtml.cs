using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// A unit's staff with what its admin — or an admin of a unit up its supervising chain — can do to them: add a member
/// with roles and a first password, set a new password, disable or enable an account. Every action is the same
/// operation the API runs, and is authorized there.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class StaffModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public sealed record Member(OneWindow.Identity.Account Account, bool Disabled);

    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    public Unit? Shown { get; private set; }

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(string? userName, string? realName, string? password, List<StaffRoles>? roles, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var unit = Unit ?? actor!.UnitId ?? Guid.Empty;
        var request = new CreateStaff.Request(userName, realName, password, (roles ?? []).Aggregate(StaffRoles.None, (all, r) => all | r));
        var outcome = await CreateStaff.HandleAsync(actor!, unit, request, db, users, clock, ct);
        return await AfterAsync(outcome.Succeeded, outcome.Failure, Ui.T("已添加 {0}。", outcome.Value?.RealName ?? ""), ct);
    }

    public async Task<IActionResult> OnPostPasswordAsync(Guid id, string? password, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var outcome = await SetPassword.HandleAsync(actor!, id, password, db, users, ct);
        return await AfterAsync(outcome.Succeeded, outcome.Failure, Ui.T("已为 {0} 设置新密码，请当面或电话告知本人，并请其登录后修改。", outcome.Value?.RealName ?? ""), ct);
    }

    public async Task<IActionResult> OnPostEnabledAsync(Guid id, bool enabled, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(User, users);
        var outcome = await ManageStaffAccount.SetEnabledAsync(actor!, id, enabled, db, users, ct);
        var name = outcome.Value?.RealName ?? "";
        return await AfterAsync(outcome.Succeeded, outcome.Failure, enabled ? Ui.T("已启用 {0} 的账号。", name) : Ui.T("已停用 {0} 的账号。", name), ct);
    }

    private async Task<IActionResult> AfterAsync(bool succeeded, OneWindow.Common.Failure? failure, string done, CancellationToken ct)
    {
        if (succeeded)
        {
            return RedirectToPage(new { unit = Unit, done });
        }
        Errors = failure!.AsFieldErrors("account");
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var (shown, status) = await UnitShown.FindAsync(db, (await CurrentAccount.GetAsync(User, users))!, Unit, ct);
        if (shown is null)
        {
            return status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }
        Shown = shown;
        var now = clock.GetUtcNow();
        var staff = await db.Users.AsNoTracking().Where(a => a.UnitId == Shown.Id).OrderBy(a => a.UserName).ToListAsync(ct);
        Members = [.. staff.Select(a => new Member(a, a.LockoutEnd > now))];
        return Page();
    }
}
