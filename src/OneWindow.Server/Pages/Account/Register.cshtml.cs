using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Account;

/// <summary>Real-name registration form; then the resident signs in (the answer is the same for a number registered before).</summary>
public sealed class RegisterModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock,
    OneWindow.DataSharing.SubjectKeys keys, OneWindow.DataSharing.DataReadRecorder recorder) : PageModel
{
    [BindProperty]
    public string? RealName { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Password != Confirm)
        {
            Errors = new Dictionary<string, string[]> { ["confirm"] = [Ui.T("两次输入的密码不一致")] };
            return Page();
        }
        var outcome = await RegisterResident.HandleAsync(new RegisterResident.Request(RealName, IdNumber, Password, Phone), db, users, clock, ct,
            (id, name, token) => OneWindow.DataSharing.RealNameCheck.MatchesAsync(id, name, db, keys, recorder, clock, token));
        if (!outcome.Succeeded)
        {
            Errors = outcome.Failure!.AsFieldErrors("account");
            return Page();
        }
        // The same next step whether the number was new or already registered: sign in.
        return Redirect("/Account/Login?registered=1");
    }
}
