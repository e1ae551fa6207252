using System.Globalization;
using System.Net.Http.Json;

namespace OneWindow.Benchmarks;

/// <summary>
/// Pre-fill of the newborn form (新生儿出生一件事) through the API, as the demo resident: the preview (which grants
/// would serve which answers; nothing read), then agreeing (the consent recorded and staged in the ledger, five
/// granted reads each with its data-log row and ledger entry, the answers returned). One session gives the latency
/// a person sees; N sessions in a closed loop give the rate.
/// Usage: prefill --url URL [--clients 16] [--seconds 15]
/// </summary>
public static class PrefillLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var url = new Uri(Arg("--url", "http://127.0.0.1:5092"));
        var count = int.Parse(Arg("--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);
        var body = new { bundleCode = "NEWBORN", divisionCode = "130123100201" };
        Task<HttpResponseMessage> Preview(HttpClient c) => c.PostAsJsonAsync("/api/cases/prefill/preview", body);
        Task<HttpResponseMessage> Agree(HttpClient c) => c.PostAsJsonAsync("/api/cases/prefill", body);
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await ApprovalLoad.SignInAsync(url, "130123198806121238"));
        }
        Console.Error.WriteLine("warming up for 3 s");
        await ClosedLoop.RunAsync(clients, TimeSpan.FromSeconds(3), Agree);
        var failed = 0;
        var third = TimeSpan.FromSeconds(Math.Max(3, seconds / 3));
        foreach (var (what, send, sessions) in new (string, Func<HttpClient, Task<HttpResponseMessage>>, IReadOnlyList<HttpClient>)[]
        {
            ("previews (one person)", Preview, clients.Take(1).ToList()),
            ("pre-fills agreed (one person)", Agree, clients.Take(1).ToList()),
            ("pre-fills agreed", Agree, clients),
        })
        {
            Console.Error.WriteLine($"{what}: {sessions.Count} sessions for {third.TotalSeconds:F0} s");
            var run = await ClosedLoop.RunAsync(sessions, third, send);
            Console.WriteLine(run.Summary(what, sessions.Count));
            failed += run.Failed;
        }
        foreach (var c in clients)
        {
            c.Dispose();
        }
        return failed == 0 ? 0 : 1;
    }
}
