using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.Pages;
using OneWindow.Catalog;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Browser.Tests;

/// <summary>
/// 出生一件事 in the browser: the parents fill one form, check it and submit it; the hospital, the township
/// health centre, the police station (which asks for a supplement that the parents answer) and each other
/// department act in their own sessions from their workbench; the parents see every result and what the one
/// form saved them.
/// </summary>
public sealed class NewbornJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInAsync(string account)
    {
        var page = await browser.NewPhonePageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(account, DemoData.Password);
        await Assertions.Expect(page.Locator("h1")).Not.ToContainTextAsync("登录");
        return page;
    }

    /// <summary>Opens the unit's task for <paramref name="itemName"/> from the workbench.</summary>
    private static async Task OpenTaskAsync(IPage staff, string itemName)
    {
        await staff.GotoAsync("/Workbench");
        await staff.GetByRole(AriaRole.Link, new() { Name = itemName, Exact = true }).First.ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync(itemName);
    }

    private static async Task ApproveAsync(IPage staff, string itemName, IReadOnlyDictionary<string, string>? results = null)
    {
        await OpenTaskAsync(staff, itemName);
        if (await staff.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).CountAsync() > 0)
        {
            await staff.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
            await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("已受理");
        }
        foreach (var (name, value) in results ?? new Dictionary<string, string>())
        {
            await staff.Locator($"#f-{name}").FillAsync(value);
        }
        await staff.GetByRole(AriaRole.Button, new() { Name = "同意办结" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("已办结");
    }

    [Fact]
    public async Task Parents_apply_once_four_departments_act_one_asks_for_a_supplement_and_the_parents_see_every_result()
    {
        var newborn = await browser.App.WithDbAsync(db => db.Bundles.AsNoTracking().SingleAsync(b => b.Code == "NEWBORN"));
        var outputs = await browser.App.WithDbAsync(db => db.ServiceItems.AsNoTracking().Where(i => newborn.Items.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => (i.Name, i.Output)));
        var parents = await SignedInAsync(DemoData.ResidentIdNumber);

        // One form, checked, then submitted.
        await parents.GotoAsync("/Catalog/Bundle/NEWBORN");
        await parents.GetByRole(AriaRole.Link, new() { Name = "在线申请（一次填表）" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(parents);
        await parents.Locator("#divisionCode").FillAsync(DemoData.VillageCode);
        var form = SampleForms.For(newborn.Fields);
        form["childName"] = "王小禾";
        form["ethnicity"] = "汉";
        var half = newborn.Fields.Count / 2;
        for (var i = 0; i < newborn.Fields.Count; i++)
        {
            var field = newborn.Fields[i];
            if (i == half)
            {
                // A long form: saved half-way, found again under "My applications", continued where it was left.
                await parents.GetByRole(AriaRole.Button, new() { Name = "保存草稿，稍后继续" }).ClickAsync();
                await Assertions.Expect(parents.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存草稿");
                await parents.GotoAsync("/Cases");
                await parents.GetByRole(AriaRole.Link, new() { Name = $"继续填写: {newborn.Name}" }).ClickAsync();
                await Assertions.Expect(parents.GetByRole(AriaRole.Status)).ToContainTextAsync("已为您填入保存的草稿");
                await Assertions.Expect(parents.Locator("#divisionCode")).ToHaveValueAsync(DemoData.VillageCode);
                await Assertions.Expect(parents.Locator($"#f-{newborn.Fields[0].Name}")).ToHaveValueAsync(form[newborn.Fields[0].Name]);
            }
            var input = parents.Locator($"#f-{field.Name}");
            if (field.Type is FieldType.Choice or FieldType.Boolean)
            {
                await input.SelectOptionAsync(form[field.Name]);
            }
            else
            {
                await input.FillAsync(form[field.Name]);
            }
        }
        await parents.GetByLabel("免费邮寄到家").CheckAsync();
        await parents.GetByRole(AriaRole.Button, new() { Name = "下一步：核对" }).ClickAsync();
        await Assertions.Expect(parents.Locator("h1")).ToHaveTextAsync("请核对您填写的内容");
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("王小禾");
        await BrowserFixture.AssertAccessibleAsync(parents);
        await parents.GetByRole(AriaRole.Button, new() { Name = "确认提交" }).ClickAsync();
        await Assertions.Expect(parents.GetByRole(AriaRole.Status)).ToContainTextAsync("申请已提交");
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("正定县公安局正定派出所");
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("办件编号");
        await BrowserFixture.AssertAccessibleAsync(parents);
        var caseUrl = parents.Url;
        await parents.GotoAsync("/Cases");
        await Assertions.Expect(parents.Locator("main")).Not.ToContainTextAsync("未填完的草稿"); // submitted: the draft went with it
        await parents.GotoAsync(caseUrl);

        // A material, uploaded as a file.
        var pdf = Path.Combine(Path.GetTempPath(), $"onewindow-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(pdf, Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"));
        await parents.Locator("#file-BIRTH-MEDICAL-CERT").SetInputFilesAsync(pdf);
        await parents.Locator("#file-BIRTH-MEDICAL-CERT").Locator("xpath=..").GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(parents.GetByRole(AriaRole.Status)).ToContainTextAsync("材料已上传");
        File.Delete(pdf);

        // The hospital and the township health centre, each in their own session.
        var hospital = await SignedInAsync("health-reviewer");
        await OpenTaskAsync(hospital, "出生医学证明");
        await Assertions.Expect(hospital.Locator("main")).ToContainTextAsync("王小禾");
        await BrowserFixture.AssertAccessibleAsync(hospital);
        await ApproveAsync(hospital, "出生医学证明", new Dictionary<string, string> { ["birthCertificateNumber"] = "Q130456789" });
        await ApproveAsync(await SignedInAsync("township-health-reviewer"), "预防接种证");

        // The police station asks for a supplement; the parents answer it on the same case.
        var police = await SignedInAsync("police-reviewer");
        await OpenTaskAsync(police, "出生登记（户口登记）");
        await Assertions.Expect(police.Locator("main")).ToContainTextAsync("Q130456789"); // the hospital's number reached the police
        await police.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await police.GetByLabel("民族", new() { Exact = true }).CheckAsync();
        await police.Locator("#supplement-note").FillAsync("民族请填写全称，如“汉族”");
        await police.GetByRole(AriaRole.Button, new() { Name = "要求补正" }).ClickAsync();
        await Assertions.Expect(police.GetByRole(AriaRole.Status)).ToContainTextAsync("已通知申请人补正");
        await BrowserFixture.AssertAccessibleAsync(police);

        await parents.GotoAsync(caseUrl);
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("待补正");
        await parents.Locator("#f-ethnicity").FillAsync("汉族");
        await parents.GetByRole(AriaRole.Button, new() { Name = "提交补正" }).ClickAsync();
        await Assertions.Expect(parents.GetByRole(AriaRole.Status)).ToContainTextAsync("补正材料已提交");
        await BrowserFixture.AssertAccessibleAsync(parents);

        await ApproveAsync(police, "出生登记（户口登记）", new Dictionary<string, string> { ["childIdNumber"] = "130123202603020014", ["householdNumber"] = "130123004512" });

        // Every other department from its own workbench.
        foreach (var (item, account) in new[]
        {
            ("MEDICAL-INSURANCE-ENROL", "county-medical-insurance-reviewer"),
            ("MEDICAL-INSURANCE-E-VOUCHER", "province-medical-insurance-reviewer"),
            ("SOCIAL-SECURITY-CARD", "county-hrss-reviewer"),
            ("BANK-ACCOUNT-NEWBORN", "county-bank-reviewer"),
        })
        {
            var (name, output) = outputs[item];
            await ApproveAsync(await SignedInAsync(account), name, SampleForms.For(output.Results ?? []));
        }

        await parents.GotoAsync(caseUrl);
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("已办结");
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("Q130456789");
        await Assertions.Expect(parents.Locator("main")).ToContainTextAsync("130123202603020014");
        await Assertions.Expect(parents.Locator("#measures")).ToContainTextAsync("本次办理为您少跑 11 次");
        await Assertions.Expect(parents.Locator("main")).Not.ToContainTextAsync("SOCIAL-SECURITY-CARD");
        await BrowserFixture.AssertAccessibleAsync(parents);
    }
}
