using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneWindow.Server.Pages.Account;

/// <summary>Signs out (POST only, with the antiforgery token the layout's form carries).</summary>
public sealed class LogoutModel(SignInManager<OneWindow.Identity.Account> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await Auth.SignInWithPassword.SignOutEverywhereAsync(signIn, User);
        return Redirect(OneWindow.Server.Infrastructure.KioskMode.IsOn(HttpContext) ? "/Kiosk" : "/");
    }
}
