using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OneWindow.Common;
using OneWindow.Ledger;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Ledger;

/// <summary>
/// The transparency ledger's public API, with RFC 6962 §4 field names (hashes base64), the C2SP
/// checkpoint, and witness cosignatures. Reading is open to anyone: that is the point of the log.
/// </summary>
public static class LedgerEndpoints
{
    public sealed record SthView(
        [property: JsonPropertyName("tree_size")] long TreeSize,
        [property: JsonPropertyName("timestamp")] long Timestamp,
        [property: JsonPropertyName("sha256_root_hash")] string Sha256RootHash,
        [property: JsonPropertyName("tree_head_signature")] string TreeHeadSignature);

    public sealed record ConsistencyView([property: JsonPropertyName("consistency")] IReadOnlyList<string> Consistency);

    public sealed record ProofView(
        [property: JsonPropertyName("leaf_index")] long LeafIndex,
        [property: JsonPropertyName("tree_size")] long TreeSize,
        [property: JsonPropertyName("leaf_hash")] string LeafHash,
        [property: JsonPropertyName("audit_path")] IReadOnlyList<string> AuditPath);

    public sealed record EntryView(
        [property: JsonPropertyName("leaf_index")] long LeafIndex,
        [property: JsonPropertyName("leaf_input")] string LeafInput,
        [property: JsonPropertyName("leaf_hash")] string LeafHash,
        [property: JsonPropertyName("event")] JsonElement Event);

    public sealed record EntriesView([property: JsonPropertyName("entries")] IReadOnlyList<EntryView> Entries);

    public sealed record PublicKeyView(
        [property: JsonPropertyName("origin")] string Origin,
        [property: JsonPropertyName("algorithm")] string Algorithm,
        [property: JsonPropertyName("key_id")] string KeyId,
        [property: JsonPropertyName("public_key")] string PublicKey,
        [property: JsonPropertyName("verifier_key")] string VerifierKey);

    public sealed record WitnessRequest(string? Name, string? VerifierKey);

    public sealed record AcceptedView([property: JsonPropertyName("accepted")] IReadOnlyList<string> Accepted);

    public static void MapLedger(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ledger").WithTags("Ledger");
        api.MapGet("/sth", SthAsync);
        api.MapGet("/checkpoint", CheckpointAsync);
        api.MapGet("/sth-consistency", ConsistencyAsync);
        api.MapGet("/proof-by-hash", ProofByHashAsync);
        api.MapGet("/proof-by-index", ProofByIndexAsync);
        api.MapGet("/entries", EntriesAsync);
        api.MapGet("/public-key", PublicKeyAsync);
        api.MapGet("/witnesses", async (OneWindowDb db, CancellationToken ct) =>
            TypedResults.Ok((await Witnesses.ListAsync(db, ct)).Select(w => new { name = w.Name, verifier_key = w.ToVerifierKey() })));
        api.MapPost("/witnesses", RegisterWitnessAsync).RequireAuthorization(Claims.PlatformAdminPolicy);
        api.MapPost("/cosignatures", CosignAsync).DisableAntiforgery().AllowAnonymous(); // authenticated by the witness signature, not a cookie
    }

    private static async Task<Ok<SthView>> SthAsync(LedgerCheckpoints checkpoints, CancellationToken ct)
    {
        var latest = await checkpoints.LatestAsync(ct);
        return TypedResults.Ok(new SthView(latest.Checkpoint.Size, latest.Timestamp, Convert.ToBase64String(latest.Checkpoint.RootHash), Convert.ToBase64String(latest.TreeHeadSignature)));
    }

    private static async Task<ContentHttpResult> CheckpointAsync(LedgerCheckpoints checkpoints, CancellationToken ct) =>
        TypedResults.Text((await checkpoints.LatestAsync(ct)).Note, "text/plain; charset=utf-8");

    private static async Task<Results<Ok<ConsistencyView>, ProblemHttpResult>> ConsistencyAsync(long? first, long? second, LedgerReader reader, CancellationToken ct)
    {
        var size = (await reader.StateAsync(ct)).Size;
        var errors = new FieldErrors();
        if (first is not { } m || m < 1)
        {
            errors.Add("first", Texts.T("must be a tree size of at least 1"));
        }
        if (second is not { } n || n < 1)
        {
            errors.Add("second", Texts.T("must be a tree size of at least 1"));
        }
        else if (n > size)
        {
            errors.Add("second", Texts.T("is beyond the tree, which has {0} entries", size));
        }
        if (!errors.Any && first > second)
        {
            errors.Add("first", Texts.T("must not exceed second"));
        }
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        var proof = await reader.ConsistencyProofAsync(first!.Value, second!.Value, ct);
        return TypedResults.Ok(new ConsistencyView([.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<Results<Ok<ProofView>, ProblemHttpResult>> ProofByHashAsync(string? hash, long? tree_size, LedgerReader reader, CancellationToken ct)
    {
        var leafHash = DecodeHash(hash);
        if (leafHash is null)
        {
            return Problems.Field("hash", "must be a base64 SHA-256 leaf hash (32 bytes)");
        }
        if (await CheckTreeSizeAsync(tree_size, reader, ct) is { } problem)
        {
            return problem;
        }
        var index = await reader.IndexOfAsync(leafHash, tree_size!.Value, ct);
        if (index is null)
        {
            return Problems.Field("hash", $"no leaf with this hash is in the first {tree_size} entries");
        }
        return TypedResults.Ok(await ProofAsync(reader, index.Value, tree_size.Value, leafHash, ct));
    }

    private static async Task<Results<Ok<ProofView>, ProblemHttpResult>> ProofByIndexAsync(long? index, long? tree_size, LedgerReader reader, CancellationToken ct)
    {
        if (await CheckTreeSizeAsync(tree_size, reader, ct) is { } problem)
        {
            return problem;
        }
        if (index is not { } i || i < 0 || i >= tree_size)
        {
            return Problems.Field("index", $"must be a leaf index below tree_size {tree_size}");
        }
        var entry = (await reader.EntriesAsync(i, i, ct))[0];
        return TypedResults.Ok(await ProofAsync(reader, i, tree_size!.Value, entry.LeafHash, ct));
    }

    private static async Task<ProofView> ProofAsync(LedgerReader reader, long index, long treeSize, byte[] leafHash, CancellationToken ct)
    {
        var path = await reader.InclusionProofAsync(index, treeSize, ct);
        return new ProofView(index, treeSize, Convert.ToBase64String(leafHash), [.. path.Select(Convert.ToBase64String)]);
    }

    private static async Task<ProblemHttpResult?> CheckTreeSizeAsync(long? treeSize, LedgerReader reader, CancellationToken ct)
    {
        var size = (await reader.StateAsync(ct)).Size;
        return treeSize is not { } n || n < 1 || n > size
            ? Problems.Field("tree_size", $"must be between 1 and the tree's size {size}")
            : null;
    }

    private static async Task<Results<Ok<EntriesView>, ProblemHttpResult>> EntriesAsync(long? start, long? end, LedgerReader reader, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var size = (await reader.StateAsync(ct)).Size;
        if (start is not { } s || s < 0 || s >= size)
        {
            return Problems.Field("start", $"must be an index below the tree's size {size}");
        }
        if (end is not { } e || e < s)
        {
            return Problems.Field("end", "must be an index at or after start");
        }
        // Bounded page: clients ask again from the last index they got, as RFC 6962 allows.
        var last = Math.Min(Math.Min(e, size - 1), s + options.Value.MaxEntriesPage - 1);
        var entries = await reader.EntriesAsync(s, last, ct);
        return TypedResults.Ok(new EntriesView([.. entries.Select(x => new EntryView(
            x.Index, Convert.ToBase64String(x.Input), Convert.ToBase64String(x.LeafHash), DecodeEvent(x.Input)))]));
    }

    private static JsonElement DecodeEvent(byte[] input)
    {
        try
        {
            return JsonDocument.Parse(input).RootElement.Clone();
        }
        catch (JsonException)
        {
            // A tampered entry is shown as it is, for the verifier to flag.
            return JsonSerializer.SerializeToElement(new { undecodable = true });
        }
    }

    private static async Task<Ok<PublicKeyView>> PublicKeyAsync(LedgerKeys keys, OneWindowDb db, CancellationToken ct)
    {
        var (_, key, _) = await keys.ActiveAsync(db, ct);
        return TypedResults.Ok(new PublicKeyView(key.Name, "Ed25519", Convert.ToHexStringLower(key.KeyId()), Convert.ToBase64String(key.PublicKey), key.ToVerifierKey()));
    }

    private static async Task<Results<Created<Witnesses.Registered>, ProblemHttpResult>> RegisterWitnessAsync(WitnessRequest request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await Witnesses.RegisterAsync(request.Name, request.VerifierKey, db, clock, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/ledger/witnesses", outcome.Value) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<AcceptedView>, ProblemHttpResult>> CosignAsync(HttpRequest request, OneWindowDb db, CancellationToken ct)
    {
        const int limit = 64 * 1024;
        using var reader = new StreamReader(request.Body);
        var buffer = new char[limit + 1];
        var read = await reader.ReadBlockAsync(buffer, ct);
        if (read > limit)
        {
            return Problems.Field("note", $"is larger than {limit} characters");
        }
        var note = new string(buffer, 0, read);
        var outcome = await Witnesses.AcceptCosignaturesAsync(note, db, ct);
        return outcome.Succeeded ? TypedResults.Ok(new AcceptedView(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static byte[]? DecodeHash(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        var buffer = new byte[Merkle.HashSize + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == Merkle.HashSize ? buffer[..Merkle.HashSize] : null;
    }
}
