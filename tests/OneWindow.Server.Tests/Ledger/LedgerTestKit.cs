using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

/// <summary>Helpers shared by the ledger tests: appending through the app's writer, reading the STH.</summary>
public static class LedgerTestKit
{
    /// <summary>
    /// Fills the log up to <paramref name="size"/> entries with test events, once per app: the demo data's own entries
    /// (the shared-data records the seeder writes) are logged first. Returns false when the log was already filled.
    /// </summary>
    public static async Task<bool> FillToAsync(OneWindowApp app, int size)
    {
        await app.LedgerDrainedAsync();
        var present = await app.WithDbAsync(db => db.LedgerEntries.CountAsync());
        if (present >= size)
        {
            return false;
        }
        await AppendAsync(app, size - present);
        return true;
    }

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
