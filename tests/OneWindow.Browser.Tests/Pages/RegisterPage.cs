using Microsoft.Playwright;

namespace OneWindow.Browser.Tests.Pages;

/// <summary>The real-name registration form.</summary>
public sealed class RegisterPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/Account/Register");

    public async Task RegisterAsync(string name, string idNumber, string password, string? phone = null)
    {
        await page.GetByLabel("姓名").FillAsync(name);
        await page.GetByLabel("身份证号码").FillAsync(idNumber);
        if (phone is not null)
        {
            await page.GetByLabel("手机号码（选填）").FillAsync(phone);
        }
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#confirm").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
    }

    public ILocator Errors => page.Locator("#form-errors");
}
