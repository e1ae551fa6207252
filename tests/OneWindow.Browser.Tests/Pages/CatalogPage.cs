using Microsoft.Playwright;

namespace OneWindow.Browser.Tests.Pages;

/// <summary>The catalog list and its search.</summary>
public sealed class CatalogPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/Catalog");

    public async Task SearchAsync(string term)
    {
        await page.GetByLabel("搜索事项").FillAsync(term);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
    }

    public async Task OpenItemAsync(string name) => await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    public ILocator Heading => page.Locator("h1");
}
