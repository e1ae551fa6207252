using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>Switches 长辈版 (large type, high contrast, fewer choices) on or off with a cookie and returns to the page.</summary>
public sealed class ElderModel : PageModel
{
    public IActionResult OnGet(bool on, string? returnUrl)
    {
        if (on)
        {
            Response.Cookies.Append(ElderMode.CookieName, "1",
                new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }
        else
        {
            Response.Cookies.Delete(ElderMode.CookieName);
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
