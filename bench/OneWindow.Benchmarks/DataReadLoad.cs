using System.Globalization;
using System.Net.Http.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// Granted shared-data reads per second through the API, each with its data-log row and ledger entry: N
/// sessions of the demo county health bureau's reviewer read the demo resident's household record under the
/// demo grant, closed loop, after a 3 s warm-up.
/// Usage: reads --url URL [--clients 16] [--seconds 15]
/// </summary>
public static class DataReadLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var count = int.Parse(Arg("--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await ApprovalLoad.SignInAsync(url, "health-reviewer"));
        }
        var body = new { subject = "130123198806121238", purpose = "出生登记核验父母户籍" };
        Task<HttpResponseMessage> Read(HttpClient c) => c.PostAsJsonAsync("/api/data/items/police.household/reads", body);
        Console.Error.WriteLine("warming up for 3 s");
        await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(3), Read);
        Console.Error.WriteLine($"reading with {count} sessions for {seconds} s");
        var run = await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(seconds), Read);
        Console.WriteLine(run.Summary("granted reads", count));
        foreach (var c in clients)
        {
            c.Dispose();
        }
        return run.Failed == 0 ? 0 : 1;
    }
}
