using System.Buffers.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Ledger;
using OneWindow.Security;

namespace OneWindow.Federation;

/// <summary>
/// This platform's signing keys for federation messages and the peers' keys it pinned. The own key is made on first
/// use (Ed25519, private half wrapped) and published in the federation document with the keys rotated out within
/// <see cref="FederationOptions.KeyOverlap"/>; a rotation is an admin's action. A peer's keys are fetched once and
/// pinned; a re-pin (an admin's action, after the peer rotated) adds new keys, retires those the peer no longer
/// publishes, and refuses a document that gives a pinned key id another key.
/// </summary>
public static class FederationKeys
{
    private const string Purpose = "federation-signing-key";

    /// <summary>A peer's key as its document publishes it.</summary>
    public sealed record PublishedKey(string KeyId, byte[] PublicKey);

    /// <summary>What a pin changed.</summary>
    public sealed record Pinned(string Region, IReadOnlyList<string> Added, IReadOnlyList<string> Kept, IReadOnlyList<string> Retired);

    /// <summary>The key to sign with now (made on first use): its id and private half.</summary>
    public static async Task<(string KeyId, byte[] PrivateKey)> CurrentAsync(OneWindowDb db, KeyEncryption keys, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var current = await db.FederationKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct)
            ?? await MakeAsync(db, keys, clock, ct);
        return (current.KeyId, keys.Unwrap(current.WrappedPrivateKey, Purpose));
    }

    /// <summary>Makes a new key and retires the others (still published for the overlap); returns the new key's id.</summary>
    public static async Task<string> RotateAsync(OneWindowDb db, KeyEncryption keys, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.FederationKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
        return (await MakeAsync(db, keys, clock, ct)).KeyId;
    }

    private static async Task<FederationKey> MakeAsync(OneWindowDb db, KeyEncryption keys, TimeProvider clock, CancellationToken ct)
    {
        var pair = Ed25519.Generate();
        var key = new FederationKey
        {
            KeyId = "fed-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pair.PublicKey))[..16],
            PublicKey = pair.PublicKey,
            WrappedPrivateKey = keys.Wrap(pair.PrivateKey, Purpose),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.FederationKeys.Add(key);
        await db.SaveChangesAsync(ct);
        db.Entry(key).State = EntityState.Detached;
        return key;
    }

    /// <summary>The federation document peers pin: this platform's region and its keys as a JWK set (OKP, Ed25519).</summary>
    public static async Task<JsonObject> DocumentAsync(OneWindowDb db, FederationOptions options, KeyEncryption keys, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await CurrentAsync(db, keys, clock, ct); // a platform that never signed yet still publishes a key to pin
        var since = clock.GetUtcNow().Add(-options.KeyOverlap).ToUnixTimeMilliseconds();
        var published = await db.FederationKeys.AsNoTracking().Where(k => k.RetiredAt == null || k.RetiredAt > since).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return new JsonObject
        {
            ["region"] = options.Region,
            ["keys"] = new JsonArray([.. published.Select(k => (JsonNode)new JsonObject
            {
                ["kty"] = "OKP",
                ["crv"] = "Ed25519",
                ["use"] = "sig",
                ["alg"] = "EdDSA",
                ["kid"] = k.KeyId,
                ["x"] = Base64Url.EncodeToString(k.PublicKey),
            })]),
        };
    }

    /// <summary>Reads a peer's document: its region and keys, or what is wrong with it.</summary>
    public static Outcome<(string Region, IReadOnlyList<PublishedKey> Keys)> ReadDocument(JsonNode? document)
    {
        if (document is not JsonObject doc || doc["region"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || doc["keys"] is not JsonArray list)
        {
            return NotAccepted.Because(Texts.T("the federation document has no region or no keys"));
        }
        var keys = new List<PublishedKey>();
        foreach (var node in list)
        {
            try
            {
                if (node is JsonObject jwk && (string?)jwk["kty"] == "OKP" && (string?)jwk["crv"] == "Ed25519" && jwk["kid"]?.GetValue<string>() is { Length: > 0 and <= 64 } kid
                    && jwk["x"]?.GetValue<string>() is { } x && Base64Url.DecodeFromChars(x) is { Length: 32 } publicKey)
                {
                    keys.Add(new PublishedKey(kid, publicKey));
                    continue;
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
            }
            return NotAccepted.Because(Texts.T("the federation document holds a key that is not an Ed25519 public key with an id"));
        }
        return keys.Count == 0 ? NotAccepted.Because(Texts.T("the federation document has no region or no keys")) : (doc["region"]!.GetValue<string>(), (IReadOnlyList<PublishedKey>)keys);
    }

    /// <summary>Pins what <paramref name="document"/> (fetched from the peer's configured address) publishes for the peer <paramref name="region"/>.</summary>
    public static async Task<Outcome<Pinned>> PinAsync(OneWindowDb db, string region, JsonNode? document, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var read = ReadDocument(document);
        if (!read.Succeeded)
        {
            return read.Failure!;
        }
        var (said, published) = read.Value;
        if (said != region)
        {
            return NotAccepted.Because(Texts.T("the platform at that address says it serves region {0}, not {1}", said, region));
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var pinned = await db.PeerKeys.Where(k => k.Region == region).ToListAsync(ct);
        var added = new List<string>();
        var kept = new List<string>();
        foreach (var key in published)
        {
            if (pinned.FirstOrDefault(p => p.KeyId == key.KeyId) is { } known)
            {
                if (!known.PublicKey.AsSpan().SequenceEqual(key.PublicKey))
                {
                    return NotAccepted.Because(Texts.T("the document gives the pinned key {0} another value; it is not pinned", key.KeyId));
                }
                if (known.RetiredAt is null)
                {
                    kept.Add(key.KeyId);
                }
                continue;
            }
            db.PeerKeys.Add(new PeerKey { Region = region, KeyId = key.KeyId, PublicKey = key.PublicKey, PinnedAt = now });
            added.Add(key.KeyId);
        }
        var retired = new List<string>();
        foreach (var old in pinned.Where(p => p.RetiredAt is null && published.All(k => k.KeyId != p.KeyId)))
        {
            old.RetiredAt = now;
            retired.Add(old.KeyId);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return new StateConflict(Texts.T("The keys of region {0} were pinned at this moment by another admin; look at the peers again", region));
        }
        return new Pinned(region, added, kept, retired);
    }

    /// <summary>The peers' keys pinned and not retired, per region.</summary>
    public static async Task<ILookup<string, PeerKey>> PinnedAsync(OneWindowDb db, CancellationToken ct) =>
        (await db.PeerKeys.AsNoTracking().Where(k => k.RetiredAt == null).ToListAsync(ct)).ToLookup(k => k.Region);

    /// <summary>The public key pinned for <paramref name="region"/> under <paramref name="keyId"/>, unretired, or null.</summary>
    public static async Task<byte[]?> PinnedKeyAsync(OneWindowDb db, string region, string keyId, CancellationToken ct) =>
        await db.PeerKeys.AsNoTracking().Where(k => k.Region == region && k.KeyId == keyId && k.RetiredAt == null).Select(k => k.PublicKey).FirstOrDefaultAsync(ct);
}

/// <summary>The other platform did not accept a message (or this one a document), and why; answered as 422.</summary>
public sealed record NotAccepted(string Why) : Failure(Texts.T("Not accepted"), Why)
{
    public static NotAccepted Because(string why) => new(why);
}

/// <summary>A message that fails authentication — unknown key, bad signature, expired, clock skew — is refused as 401.</summary>
public sealed record MessageRefused(string Why) : Failure(Texts.T("Message refused"), Why);

/// <summary>A message whose id was received before: nothing is done again (409; the sender counts it as delivered).</summary>
public sealed record MessageReplayed() : Failure(Texts.T("Conflict"), Texts.T("This message was received before; it is not acted on again"));
