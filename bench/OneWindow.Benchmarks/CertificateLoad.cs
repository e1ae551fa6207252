using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Identity;
using OneWindow.Seeding;
using OneWindow.Storage;

namespace OneWindow.Benchmarks;

/// <summary>
/// Certificate throughput on one SQLite database with the demo data: issuances per second (signing,
/// ledger append, PDF) and in-process verifications per second. Writes one token to a file for the
/// HTTP load test (wrk against POST /api/certificates/verify).
/// Usage: certificates [--issue N] [--verify N] [--token-out file]
/// </summary>
public static class CertificateLoad
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var issueCount = int.Parse(Arg(args, "--issue") ?? "300", s_inv);
        var verifyCount = int.Parse(Arg(args, "--verify") ?? "100000", s_inv);
        var work = Directory.CreateTempSubdirectory("onewindow-certbench-");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["ConnectionStrings:OneWindow"] = $"Data Source={Path.Combine(work.FullName, "c.db")}",
            ["Keys:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            await DatabaseSetup.MigrateAsync(db, default);
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(new SeedOptions(), default);
        }

        // Issuance: application + review + VC signing + ledger append + commit, then the PDF.
        string? token = null;
        var clock = Stopwatch.StartNew();
        var pdfTime = TimeSpan.Zero;
        for (var i = 0; i < issueCount; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var resident = await users.FindByNameAsync(DemoData.ResidentIdNumber);
            var reviewer = await users.FindByNameAsync("village-reviewer");
            var applied = await ApplyForCertificate.HandleAsync(resident!, new ApplyForCertificate.Request("CERT-RESIDENCE", DemoData.VillageCode,
                new Dictionary<string, string> { ["purpose"] = "孩子入学", ["recipient"] = $"正定县第{i + 1}小学", ["relation"] = "self", ["address"] = "正定镇西关村3组12号", ["residentSince"] = "2015-03-01", ["housingType"] = "owned" }, Channel.Web, null),
                db, scope.ServiceProvider.GetRequiredService<SubmitApplication.Services>(), default);
            var approved = await scope.ServiceProvider.GetRequiredService<ReviewApplication>().HandleAsync(reviewer!, applied.Value!.Id, ReviewApplication.Decision.Approve, null, default);
            var task = approved.Value!.Tasks.Single().Id;
            var certificate = await db.Certificates.AsNoTracking().FirstAsync(c => c.TaskId == task, default);
            var pdfStart = Stopwatch.GetTimestamp();
            _ = await RenderPdf.HandleAsync(certificate, db, scope.ServiceProvider.GetRequiredService<IOptions<CertificateOptions>>().Value, default);
            pdfTime += Stopwatch.GetElapsedTime(pdfStart);
            token = certificate.Jws;
        }
        var elapsed = clock.Elapsed;
        Console.WriteLine(string.Create(s_inv, $"issuance (apply, approve, sign, ledger append, commit, PDF), one at a time: {issueCount} in {elapsed.TotalSeconds:F2} s = {issueCount / elapsed.TotalSeconds:F1}/s; PDF rendering alone {pdfTime.TotalMilliseconds / issueCount:F1} ms each"));

        // In-process verification: signature, seal validity, identifier, dates, revocation bit.
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var keys = Jwks.Parse(await Jwks.BuildAsync(db, null, default));
            var valid = 0;
            clock.Restart();
            await Parallel.ForAsync(0, verifyCount, async (_, _) =>
            {
                var verdict = await CertificateVerifier.VerifyAsync(token, kid => Task.FromResult(keys.GetValueOrDefault(kid)), (_, _) => Task.FromResult<bool?>(false), TimeProvider.System.GetUtcNow());
                if (verdict.Status == VerdictStatus.Valid)
                {
                    Interlocked.Increment(ref valid);
                }
            });
            elapsed = clock.Elapsed;
            Console.WriteLine(string.Create(s_inv, $"in-process verification on {Environment.ProcessorCount} cores: {verifyCount} in {elapsed.TotalSeconds:F2} s = {verifyCount / elapsed.TotalSeconds:F0}/s ({valid} valid)"));
        }
        if (Arg(args, "--token-out") is { } output)
        {
            await File.WriteAllTextAsync(output, token);
        }
        work.Delete(recursive: true);
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
