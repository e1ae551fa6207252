using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>The kiosk's start page (large tiles for what people come to a terminal for); <c>?on=true|false</c> turns the profile on or off.</summary>
public sealed class KioskModel : PageModel
{
    public IActionResult OnGet(bool? on)
    {
        if (on is null)
        {
            return Page();
        }
        if (on.Value)
        {
            Response.Cookies.Append(KioskMode.CookieName, "1",
                new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            Response.Cookies.Append(ElderMode.CookieName, "1",
                new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return LocalRedirect("/Kiosk");
        }
        Response.Cookies.Delete(KioskMode.CookieName);
        return LocalRedirect("/");
    }
}
