using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Formats;
using OneWindow.Seeding;

namespace OneWindow.Cli.Tests;

/// <summary>
/// <c>onewindow benefits</c>: a rules file is checked before it is put in force — a malformed one exits 1 naming the
/// rule and the reason, the shipped one fits the demo platform; the scan reports its progress, a dry run grants nothing
/// and says whom it would reach (masked), and a person is granted once however often the scan runs.
/// </summary>
public sealed class BenefitCommandTests(SqliteCliDatabase cli) : IClassFixture<SqliteCliDatabase>
{
    private static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("onewindow-rules-").FullName, "rules.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task A_rules_file_is_checked_against_its_schema_the_catalog_and_the_shared_data()
    {
        var shipped = Write(new StreamReader(typeof(OneWindow.Proactive.BenefitRules).Assembly.GetManifestResourceStream("OneWindow.Proactive.rules.json")!).ReadToEnd());
        var noSuchItem = Write(File.ReadAllText(shipped).Replace("\"item\": \"ELDERLY-ALLOWANCE\"", "\"item\": \"ELDERLY-PENSION-XL\"", StringComparison.Ordinal));
        var malformed = Write(File.ReadAllText(shipped).Replace("\"ageAtLeast\": 80", "\"ageAtLeast\": \"eighty\"", StringComparison.Ordinal));

        var unknownData = Write(File.ReadAllText(shipped).Replace("insurance.enrolment", "tax.income-record", StringComparison.Ordinal));
        var result = await cli.RunAsync("benefits", "check", unknownData);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rules.maternity-allowance-on-birth.when[0].data", result.Err, StringComparison.Ordinal);

        var unknownItem = await cli.RunAsync("benefits", "check", noSuchItem);
        Assert.Equal(1, unknownItem.ExitCode);
        Assert.Contains("rules.elderly-allowance-at-80.grant.item", unknownItem.Err, StringComparison.Ordinal);
        Assert.Contains("ELDERLY-PENSION-XL", unknownItem.Err, StringComparison.Ordinal);

        var schema = await cli.RunAsync("benefits", "check", malformed);
        Assert.Equal(1, schema.ExitCode);
        Assert.Contains("rules[1](elderly-allowance-at-80).when[0]", schema.Err, StringComparison.Ordinal);

        var missing = await cli.RunAsync("benefits", "check", shipped + ".nothing");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Err, StringComparison.Ordinal);

        var scan = await cli.RunAsync("benefits", "scan", "--dry-run", "--rules", malformed);
        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("elderly-allowance-at-80", scan.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", scan.Err, StringComparison.Ordinal); // a message, not a stack trace
    }

    [Fact]
    public async Task The_scan_reports_its_progress_a_dry_run_grants_nothing_and_the_scan_grants_once()
    {
        // The demo platform, and the household record of a woman of 86 in the demo village, written by the police.
        Assert.Equal(0, (await cli.RunAsync("db", "migrate", "--seed")).ExitCode);
        await using (var services = cli.Services())
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(new SeedOptions(), TestContext.Current.CancellationToken);
            var police = (await scope.ServiceProvider.GetRequiredService<UserManager<Identity.Account>>().FindByNameAsync("county-police-reviewer"))!;
            var body = "130123194003150" + Random.Shared.Next(10, 100);
            var id = body + ResidentIdNumber.CheckCharacter(body);
            var written = await DataSharing.WriteRecord.HandleAsync(police, "police.household", id, System.Text.Json.JsonSerializer.SerializeToElement(
                new { name = "王桂兰", idNumber = id, householdNumber = "130123004512", relationToHead = "户主", address = "正定镇西关村3组12号", divisionCode = DemoData.VillageCode }),
                scope.ServiceProvider.GetRequiredService<OneWindow.OneWindowDb>(), scope.ServiceProvider.GetRequiredService<DataSharing.SharedDataServices>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(), TestContext.Current.CancellationToken);
            Assert.True(written.Succeeded, written.Failure?.Detail);
        }

        var shipped = Write(new StreamReader(typeof(OneWindow.Proactive.BenefitRules).Assembly.GetManifestResourceStream("OneWindow.Proactive.rules.json")!).ReadToEnd());
        var fits = await cli.RunAsync("benefits", "check", shipped);
        Assert.Equal(0, fits.ExitCode);
        Assert.Contains("3 rule(s) fit", fits.Out, StringComparison.Ordinal);

        var trial = await cli.RunAsync("benefits", "scan", "--dry-run");
        Assert.Equal(0, trial.ExitCode);
        Assert.Matches(@"elderly-allowance-at-80: \d+ of \d+ records looked at, \d+ eligible by their own data, 1 would be granted", trial.Err);
        Assert.Contains("would reach 王** ", trial.Out, StringComparison.Ordinal);

        var scan = await cli.RunAsync("benefits", "scan", "--rule", "elderly-allowance-at-80");
        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("1 granted, 0 granted before", scan.Out, StringComparison.Ordinal);
        var again = await cli.RunAsync("benefits", "scan", "--rule", "elderly-allowance-at-80");
        Assert.Contains("0 granted, 1 granted before", again.Out, StringComparison.Ordinal);

        var notScanned = await cli.RunAsync("benefits", "scan", "--rule", "maternity-allowance-on-birth");
        Assert.Equal(1, notScanned.ExitCode);
        Assert.Contains("rule", notScanned.Err, StringComparison.Ordinal);
    }
}
