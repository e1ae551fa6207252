using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Auth;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Account;

/// <summary>The sign-in form for residents (ID number) and staff (account name).</summary>
public sealed class LoginModel(SignInManager<OneWindow.Identity.Account> signIn, SignInThrottle throttle) : PageModel
{
    [BindProperty]
    public string? AccountName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(AccountName) || string.IsNullOrEmpty(Password))
        {
            Errors = new Dictionary<string, string[]> { [Ui.T("账号和密码")] = [Ui.T("均为必填项")] };
            return Page();
        }
        var result = await SignInWithPassword.HandleAsync(signIn, throttle, SignInWithPassword.ClientOf(HttpContext), AccountName, Password);
        if (result.Account is null)
        {
            var message = result.RetryAfter is { } wait
                ? Ui.T("登录失败次数过多，请 {0} 秒后再试", Math.Ceiling(wait.TotalSeconds))
                : Ui.T("账号或密码错误，或账号因多次失败暂时锁定");
            if (result.RetryAfter is not null)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            Errors = new Dictionary<string, string[]> { [Ui.T("登录")] = [message] };
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
