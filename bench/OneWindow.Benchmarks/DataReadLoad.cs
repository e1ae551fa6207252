using System.Globalization;
using System.Net.Http.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// Granted shared-data reads per second through the API, each with its data-log row and ledger entry: N
/// sessions of the demo county health bureau's reviewer read the demo resident's household record under the
/// demo grant, closed loop, after a 3 s warm-up. With <c>--batch N</c> (a department system's bulk read) the
/// police first write household records of 1,000 new residents, and each request reads N of them at random
/// through <c>reads/batch</c>: N reads, each with its own data-log row and ledger entry.
/// Usage: reads --url URL [--clients 16] [--seconds 15] [--batch N]
/// </summary>
public static class DataReadLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var count = int.Parse(Arg("--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var batch = int.Parse(Arg("--batch", "1"), CultureInfo.InvariantCulture);
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await ApprovalLoad.SignInAsync(url, "health-reviewer"));
        }
        const string purpose = "出生登记核验父母户籍";
        var body = new { subject = "130123198806121238", purpose };
        Func<HttpClient, Task<HttpResponseMessage>> Read = c => c.PostAsJsonAsync("/api/data/items/police.household/reads", body);
        if (batch > 1)
        {
            var subjects = await WriteHouseholdsAsync(url, 1_000);
            Read = c => c.PostAsJsonAsync("/api/data/items/police.household/reads/batch", new { subjects = subjects.OrderBy(_ => Random.Shared.Next()).Take(batch).ToArray(), purpose });
            using var sample = await Read(clients[0]);
            var answer = await sample.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (!sample.IsSuccessStatusCode || answer.GetProperty("read").GetInt32() != batch)
            {
                Console.Error.WriteLine($"a batch of {batch} did not read {batch} records: {(int)sample.StatusCode} {answer}");
                return 1;
            }
        }
        Console.Error.WriteLine("warming up for 3 s");
        await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(3), Read);
        Console.Error.WriteLine($"reading with {count} sessions for {seconds} s");
        var run = await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(seconds), Read);
        Console.WriteLine(run.Summary(batch > 1 ? $"batch requests of {batch} reads" : "granted reads", count));
        if (batch > 1)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"granted reads: {run.Ok * batch} in {run.Duration.TotalSeconds:F0} s = {run.Ok * batch / run.Duration.TotalSeconds:F0}/s"));
        }
        foreach (var c in clients)
        {
            c.Dispose();
        }
        return run.Failed == 0 ? 0 : 1;
    }

    /// <summary>The police station's reviewer writes household records of <paramref name="count"/> new residents (16 at a time); returns their identity numbers.</summary>
    private static async Task<List<string>> WriteHouseholdsAsync(Uri url, int count)
    {
        using var police = await ApprovalLoad.SignInAsync(url, "police-reviewer");
        var subjects = Enumerable.Range(0, count).Select(_ => OneWindow.Testing.OneWindowApp.NewIdNumber()).Distinct().ToList();
        Console.Error.WriteLine($"writing {subjects.Count} household records");
        await Parallel.ForEachAsync(subjects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            using var written = await police.PutAsJsonAsync("/api/data/items/police.household/records", new
            {
                subject = id, data = new { name = "刘晓梅", idNumber = id, householdNumber = "130123001234", address = "正定镇西关村3组12号", divisionCode = "130123100001" },
            }, ct);
            written.EnsureSuccessStatusCode();
        });
        return subjects;
    }
}
