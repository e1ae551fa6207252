using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.DataSharing;
using OneWindow.Formats;
using OneWindow.Proactive;
using OneWindow.Seeding;
using OneWindow.Storage;
using OneWindow.Testing;

namespace OneWindow.Benchmarks;

/// <summary>
/// The nightly 免申即享 scan over a province-sized household register: <c>scan [--residents 1000000] [--skip-postgres]</c>.
/// A fresh database per provider with the demo platform (its grant lets the county civil-affairs bureau read name,
/// identity number and division of household records for the age-80 rule); then <c>--residents</c> household records of
/// the demo village inserted in bulk (birth years spread evenly over 1925–2024, so about one in five is 80 or
/// over — a province's share is lower, which makes the first night heavier here). Measured: the first night (every
/// eligible person read through the grant and granted), and a second night (the same register, nobody new: the walk
/// alone). Bulk-inserted records carry no ledger entry of their own write; every scan read is recorded as usual.
/// </summary>
public static class ScanLoad
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var residents = Array.IndexOf(args, "--residents") is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], Inv) : 1_000_000;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {residents:N0} household records");
        var work = Directory.CreateTempSubdirectory("onewindow-scan-");
        await RunOnAsync("sqlite", $"Data Source={Path.Combine(work.FullName, "scan.db")}", residents);
        if (!args.Contains("--skip-postgres"))
        {
            var cluster = new PostgresCluster { Durable = true };
            await cluster.InitializeAsync();
            if (cluster.SkipReason is null)
            {
                await RunOnAsync("postgres", await cluster.CreateDatabaseAsync(), residents);
            }
            await cluster.DisposeAsync();
        }
        work.Delete(recursive: true);
        return 0;
    }

    private static async Task RunOnAsync(string provider, string connection, int residents)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:OneWindow"] = connection,
            ["Keys:MasterKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)0x42, 32).ToArray()),
            ["Ledger:CheckpointInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        await using var provided = services.BuildServiceProvider();
        if (Environment.GetEnvironmentVariable("SCAN_NO_LEDGER") is null) { provided.GetRequiredService<OneWindow.Ledger.LedgerWriter>().Start(); }
        Guid police, writer;
        await using (var scope = provided.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            await DatabaseSetup.MigrateAsync(db, default);
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(new SeedOptions(), default);
            await provided.GetRequiredService<ProactiveRules>().LoadAsync(db, null, default);
            var reviewer = (await scope.ServiceProvider.GetRequiredService<UserManager<OneWindow.Identity.Account>>().FindByNameAsync("county-police-reviewer"))!;
            (police, writer) = (reviewer.UnitId!.Value, reviewer.Id);
        }

        var keys = provided.GetRequiredService<SubjectKeys>();
        var clock = Stopwatch.StartNew();
        const int batch = 10_000;
        for (var start = 0; start < residents; start += batch)
        {
            await using var scope = provided.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var n = start; n < Math.Min(residents, start + batch); n++)
            {
                var year = 1925 + n % 100;
                var body = string.Create(Inv, $"130123{year:D4}{1 + n / 100 % 12:D2}{1 + n / 1200 % 28:D2}{n / 33600 % 1000:D3}");
                var id = body + ResidentIdNumber.CheckCharacter(body);
                db.SharedDataRecords.Add(new SharedDataRecord
                {
                    ItemCode = "police.household", SubjectHash = keys.Of(DataSubjectKind.Resident, id), Version = 1,
                    Data = System.Text.Json.JsonSerializer.Serialize(new { name = "王秀英", idNumber = id, householdNumber = "130123004512", relationToHead = "户主", address = "正定镇西关村3组12号", divisionCode = DemoData.VillageCode }),
                    UnitId = police, WrittenBy = writer, WrittenAt = TimeProvider.System.GetUtcNow(), LedgerLeafHash = new byte[32],
                });
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine(string.Create(Inv, $"{provider}: {residents:N0} records inserted in {clock.Elapsed.TotalSeconds:F0} s"));

        foreach (var night in new[] { "first night", "second night" })
        {
            await using var scope = provided.CreateAsyncScope();
            clock.Restart();
            var last = 0;
            var progress = new Progress<ScanBenefits.Progress>(p =>
            {
                if (Environment.GetEnvironmentVariable("SCAN_TRACE") is not null && p.Looked - last >= 50_000)
                {
                    last = p.Looked;
                    Console.WriteLine(string.Create(Inv, $"  {p.Looked:N0} looked, {p.Granted:N0} granted at {clock.Elapsed.TotalSeconds:F1} s"));
                }
            });
            var outcome = await scope.ServiceProvider.GetRequiredService<ScanBenefits>().RunAsync("elderly-allowance-at-80", false, progress, default);
            var result = outcome.Value!.Single();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(Inv,
                $"{provider}, {night}: {result.Looked:N0} records looked at in {seconds:F1} s = {result.Looked / seconds:N0} records/s; {result.Candidates:N0} eligible by their own data, {result.Granted:N0} granted ({result.Granted / seconds:N0}/s), {result.AlreadyGranted:N0} granted before"));
        }
    }
}
