using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Common;
using OneWindow.Ledger;

namespace OneWindow.Certificates;

/// <summary>
/// Compact JWS (RFC 7515) with EdDSA/Ed25519 (RFC 8037) as VC-JOSE-COSE secures a credential:
/// header <c>{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","kid":…}</c>, the credential as payload.
/// </summary>
public static class CompactJws
{
    public const int MaxLength = 32 * 1024;

    public sealed record Parsed(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature)
    {
        public string? KeyId => Header["kid"]?.GetValue<string>();

        public string? Algorithm => Header["alg"]?.GetValue<string>();
    }

    public static string Sign(JsonObject payload, string keyId, ReadOnlySpan<byte> privateKey, string type = "vc+jwt", string? contentType = "vc")
    {
        using var signer = new Ed25519.Signer(privateKey);
        return Sign(payload, keyId, signer, type, contentType);
    }

    /// <summary>Signs with a key already imported, as a batch of certificates of one seal does.</summary>
    public static string Sign(JsonObject payload, string keyId, Ed25519.Signer signer, string type = "vc+jwt", string? contentType = "vc")
    {
        ArgumentNullException.ThrowIfNull(signer);
        var header = new JsonObject { ["alg"] = "EdDSA", ["typ"] = type, ["kid"] = keyId };
        if (contentType is not null)
        {
            header["cty"] = contentType;
        }
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString(Common.JsonDefaults.Options))) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString(Common.JsonDefaults.Options)));
        var signature = signer.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Splits and decodes a compact JWS; null with a reason when it is not one.</summary>
    public static Parsed? Parse(string? token, out string? problem)
    {
        problem = null;
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            problem = Texts.T("not a compact JWS (empty or too long)");
            return null;
        }
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            problem = Texts.T("a compact JWS has three dot-separated parts");
            return null;
        }
        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (header is null || payload is null)
            {
                problem = Texts.T("the header and payload must be JSON objects");
                return null;
            }
            return new Parsed(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            problem = Texts.T("the parts are not base64url-encoded JSON");
            return null;
        }
    }
}
