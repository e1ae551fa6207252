using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Auth;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Account;

/// <summary>The sign-in form for residents (ID number) and staff (account name).</summary>
public sealed class LoginModel(SignInManager<OneWindow.Identity.Account> signIn) : PageModel
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
            Errors = new Dictionary<string, string[]> { [Ui.T("账号和密码", "Account and password")] = [Ui.T("均为必填项", "are both required")] };
            return Page();
        }
        var result = await SignInWithPassword.HandleAsync(signIn, AccountName, Password);
        if (result.Account is null)
        {
            Errors = new Dictionary<string, string[]> { [Ui.T("登录", "Sign in")] = [result.Message] };
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
