using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Common;
using OneWindow.Ledger;

namespace OneWindow.Federation;

/// <summary>
/// A message between platforms as a compact JWS (RFC 7515, EdDSA): header <c>{"alg":"EdDSA","typ":"onewindow-federation+jwt","kid":…}</c>,
/// payload the RFC 8785 canonical JSON of <c>{jti, typ, iss, aud, iat, exp, body}</c> — the message id (the
/// idempotency id), its type, the sending and receiving regions, when it was signed and until when it holds (Unix
/// seconds), and the body.
/// </summary>
public static class FederationEnvelope
{
    public const string MediaType = "application/jose";

    private const string HeaderType = "onewindow-federation+jwt";

    public const int MaxLength = 256 * 1024;

    /// <summary>A verified message.</summary>
    public sealed record Message(Guid Id, string Type, string From, string To, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, JsonObject Body, string BodyHash);

    public static string Sign(Guid id, string type, string from, string to, JsonObject body, DateTimeOffset now, TimeSpan lifetime, string keyId, ReadOnlySpan<byte> privateKey)
    {
        var payload = new JsonObject
        {
            ["jti"] = id.ToString(),
            ["typ"] = type,
            ["iss"] = from,
            ["aud"] = to,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
            ["body"] = body.DeepClone(),
        };
        var header = new JsonObject { ["alg"] = "EdDSA", ["typ"] = HeaderType, ["kid"] = keyId };
        var input = Base64Url.EncodeToString(CanonicalJson.Serialize<JsonNode>(header, JsonDefaults.Options)) + "." + Base64Url.EncodeToString(CanonicalJson.Serialize<JsonNode>(payload, JsonDefaults.Options));
        return input + "." + Base64Url.EncodeToString(Ed25519.Sign(privateKey, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>Canonical JSON of a body and its SHA-256 (hex): what the ledgers of both sides record.</summary>
    public static (string Json, string Hash) Canonical(JsonObject body)
    {
        var bytes = CanonicalJson.Serialize<JsonNode>(body, JsonDefaults.Options);
        return (Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    /// <summary>
    /// Checks a received message in order — its form, the sending region among the configured peers, addressed to this
    /// region, the key pinned for the sender, the signature, the time window — and returns it, or why it is refused.
    /// (Whether its id was seen before is the receiver's unique index.)
    /// </summary>
    public static async Task<Outcome<Message>> VerifyAsync(string? token, FederationOptions options, Func<string, string, Task<byte[]?>> pinnedKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pinnedKey);
        if (token is { Length: > MaxLength })
        {
            return new MessageRefused(Texts.T("the message is longer than {0} bytes", MaxLength));
        }
        var parsed = Certificates.CompactJws.Parse(token, out var problem);
        if (parsed is null)
        {
            return new MessageRefused(problem!);
        }
        var payload = parsed.Payload;
        if (parsed.Algorithm != "EdDSA" || (string?)parsed.Header["typ"] != HeaderType || parsed.KeyId is not { } keyId)
        {
            return new MessageRefused(Texts.T("the header must name EdDSA, the federation message type and a key id"));
        }
        string? Text(string name) => payload[name]?.GetValueKind() == JsonValueKind.String ? payload[name]!.GetValue<string>() : null;
        long? Number(string name) => payload[name]?.GetValueKind() == JsonValueKind.Number && payload[name]!.AsValue().TryGetValue<long>(out var n) ? n : null;
        if (!Guid.TryParse(Text("jti"), out var id) || Text("typ") is not { } type || Text("iss") is not { } from || Text("aud") is not { } to
            || Number("iat") is not { } issued || Number("exp") is not { } expires || payload["body"] is not JsonObject body)
        {
            return new MessageRefused(Texts.T("the message lacks one of jti, typ, iss, aud, iat, exp, body"));
        }
        if (options.PeerNamed(from) is null)
        {
            return new Forbidden(Texts.T("messages from region {0} are not accepted: it is not a configured peer", from));
        }
        if (to != options.Region)
        {
            return new MessageRefused(Texts.T("the message is addressed to region {0}, not to this platform's", to));
        }
        if (await pinnedKey(from, keyId) is not { } publicKey)
        {
            return new MessageRefused(Texts.T("the key {0} is not pinned for region {1}; an admin pins the region's keys again after it rotates them", keyId, from));
        }
        if (!Ed25519.Verify(publicKey, parsed.SigningInput, parsed.Signature))
        {
            return new MessageRefused(Texts.T("the signature does not verify with the pinned key {0}", keyId));
        }
        var (issuedAt, expiresAt, skew) = (DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires), options.ClockSkew);
        if (issuedAt > now + skew)
        {
            return new MessageRefused(Texts.T("the message was signed {0:N0} s in the future, beyond the clock skew allowed", (issuedAt - now).TotalSeconds));
        }
        if (expiresAt < now - skew)
        {
            return new MessageRefused(Texts.T("the message expired {0:N0} s ago", (now - expiresAt).TotalSeconds));
        }
        if (expiresAt - issuedAt > options.MessageLifetime + skew || expiresAt < issuedAt)
        {
            return new MessageRefused(Texts.T("the message claims a validity longer than this platform accepts"));
        }
        return new Message(id, type, from, to, issuedAt, expiresAt, body, Canonical(body).Hash);
    }
}
