using Microsoft.Playwright;

namespace OneWindow.Browser.Tests.Pages;

/// <summary>The sign-in form.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/Account/Login");

    public async Task SignInAsync(string account, string password)
    {
        await page.GetByLabel("身份证号码或工作账号").FillAsync(account);
        await page.GetByLabel("密码").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    public async Task SignOutAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
}
