using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>Helpers shared by the ledger tests: appending through the app's writer, reading the STH.</summary>
public static class LedgerTestKit
{
    public static async Task<List<Appended>> AppendAsync(OneWindowApp app, int count, int writers = 16, string type = "test.event")
    {
        var writer = app.Services.GetRequiredService<LedgerWriter>();
        var results = new System.Collections.Concurrent.ConcurrentBag<Appended>();
        var remaining = count;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var n = results.Count;
                results.Add(await writer.AppendAsync(LedgerEvent.Create(type, $"subject-{w}-{n}", $"writer-{w}", DateTimeOffset.UnixEpoch.AddDays(20000), new { n, w, id = Guid.NewGuid(), text = "证明 ✓" })));
            }
        }));
        return [.. results.OrderBy(r => r.Index)];
    }

    public static async Task<(long Size, byte[] Root, long Timestamp, byte[] Signature)> SthAsync(HttpClient client)
    {
        var sth = await client.GetFromJsonAsync<JsonElement>("/api/ledger/sth");
        return (sth.GetProperty("tree_size").GetInt64(), Convert.FromBase64String(sth.GetProperty("sha256_root_hash").GetString()!),
            sth.GetProperty("timestamp").GetInt64(), Convert.FromBase64String(sth.GetProperty("tree_head_signature").GetString()!));
    }

    public static async Task<NoteKey> LogKeyAsync(HttpClient client)
    {
        var key = await client.GetFromJsonAsync<JsonElement>("/api/ledger/public-key");
        return NoteKey.ParseVerifierKey(key.GetProperty("verifier_key").GetString())!;
    }
}
