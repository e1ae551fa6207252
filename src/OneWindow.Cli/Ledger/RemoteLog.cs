using System.Runtime.CompilerServices;
using System.Text.Json;
using OneWindow.Ledger;

namespace OneWindow.Cli.Ledger;

/// <summary>A log read over its HTTP API (RFC 6962-style endpoints under /api/ledger).</summary>
public sealed class RemoteLog(HttpClient http, Uri root) : ILogSource
{
    public static RemoteLog Create(HttpClient http, string url)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"'{url}' is not an http(s) URL of a OneWindow server", CliApp.Usage);
        }
        return new RemoteLog(http, uri);
    }

    private Uri Api(string path) => new(root, "api/ledger/" + path);

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(Api(path), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = body;
            try
            {
                using var problem = JsonDocument.Parse(body);
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
            }
            catch (JsonException)
            {
            }
            throw new CliException($"the log answered {(int)response.StatusCode} to {path}: {detail}");
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<string> CheckpointAsync(CancellationToken ct) => await http.GetStringAsync(Api("checkpoint"), ct);

    public async Task<NoteKey> PublicKeyAsync(CancellationToken ct)
    {
        var json = await GetJsonAsync("public-key", ct);
        return NoteKey.ParseVerifierKey(json.GetProperty("verifier_key").GetString())
            ?? throw new CliException("the log's published verifier key is malformed");
    }

    public async Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct)
    {
        var json = await GetJsonAsync("sth", ct);
        return new SignedTreeHead(
            json.GetProperty("tree_size").GetInt64(),
            json.GetProperty("timestamp").GetInt64(),
            Convert.FromBase64String(json.GetProperty("sha256_root_hash").GetString()!),
            Convert.FromBase64String(json.GetProperty("tree_head_signature").GetString()!));
    }

    public async IAsyncEnumerable<EntryBatch> EntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken ct)
    {
        var next = start;
        while (next <= end)
        {
            var json = await GetJsonAsync($"entries?start={next}&end={end}", ct);
            var entries = json.GetProperty("entries");
            if (entries.GetArrayLength() == 0)
            {
                yield break;
            }
            var batch = new EntryBatch(entries.GetArrayLength());
            try
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    next = entry.GetProperty("leaf_index").GetInt64();
                    batch.Add(next, Base64(entry, "leaf_input"), Base64(entry, "leaf_hash"));
                    next++;
                }
            }
            catch
            {
                batch.Dispose();
                throw;
            }
            yield return batch;
        }
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct)
    {
        var json = await GetJsonAsync($"sth-consistency?first={first}&second={second}", ct);
        return [.. json.GetProperty("consistency").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))];
    }

    private static byte[] Base64(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw new CliException($"the log served an entry whose {name} is missing or not base64");

    public async Task<(long Index, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path)> ProofAsync(string query, CancellationToken ct)
    {
        var json = await GetJsonAsync(query, ct);
        return (json.GetProperty("leaf_index").GetInt64(), json.GetProperty("tree_size").GetInt64(),
            Convert.FromBase64String(json.GetProperty("leaf_hash").GetString()!),
            [.. json.GetProperty("audit_path").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))]);
    }

    public async Task<HttpResponseMessage> PostCosignatureAsync(string note, CancellationToken ct) =>
        await http.PostAsync(Api("cosignatures"), new StringContent(note, System.Text.Encoding.UTF8, "text/plain"), ct);
}
