using System.Buffers.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;

namespace OneWindow.Certificates;

/// <summary>The JWKS of every seal key ever registered (RFC 7517 / RFC 8037 OKP keys), with its unit and validity.</summary>
public static class Jwks
{
    public static async Task<JsonObject> BuildAsync(OneWindowDb db, string? keyId, CancellationToken ct)
    {
        var query = db.Seals.AsNoTracking().Where(s => s.Status == RegistrationStatus.Registered || s.Status == RegistrationStatus.Revoked);
        if (keyId is not null)
        {
            query = query.Where(s => s.KeyId == keyId);
        }
        var found = await query.ToListAsync(ct);
        var units = await UnitQueries.ManyAsync(db, [.. found.Select(s => s.UnitId).Distinct()], ct);
        var seals = found.Where(s => units.ContainsKey(s.UnitId)).Select(s => new { Seal = s, units[s.UnitId].Name, units[s.UnitId].CreditCode });
        var keys = new JsonArray();
        foreach (var row in seals.OrderBy(r => r.Seal.KeyId, StringComparer.Ordinal))
        {
            keys.Add(new JsonObject
            {
                ["kty"] = "OKP",
                ["crv"] = "Ed25519",
                ["x"] = Base64Url.EncodeToString(row.Seal.PublicKey),
                ["kid"] = row.Seal.KeyId,
                ["use"] = "sig",
                ["alg"] = "EdDSA",
                ["unit"] = row.Name,
                ["unitCreditCode"] = row.CreditCode,
                ["validFrom"] = row.Seal.ValidFrom.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["validUntil"] = row.Seal.ValidUntil.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["status"] = row.Seal.Status == RegistrationStatus.Revoked ? "revoked" : row.Seal.RetiredAt is null ? "active" : "retired",
            });
        }
        return new JsonObject { ["keys"] = keys };
    }

    /// <summary>Reads a JWKS document into seal keys by kid.</summary>
    public static Dictionary<string, SealKey> Parse(JsonNode? document)
    {
        var result = new Dictionary<string, SealKey>(StringComparer.Ordinal);
        foreach (var key in (document?["keys"] as JsonArray ?? []).OfType<JsonObject>())
        {
            try
            {
                if (key["kty"]?.GetValue<string>() != "OKP" || key["crv"]?.GetValue<string>() != "Ed25519" || key["kid"]?.GetValue<string>() is not { } kid)
                {
                    continue;
                }
                var x = Base64Url.DecodeFromChars(key["x"]!.GetValue<string>());
                var from = DateTimeOffset.TryParse(key["validFrom"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var f) ? f : DateTimeOffset.MinValue;
                var until = DateTimeOffset.TryParse(key["validUntil"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var u) ? u : DateTimeOffset.MaxValue;
                result[kid] = new SealKey(kid, x, key["unit"]?.GetValue<string>() ?? "", from, until, key["status"]?.GetValue<string>() == "revoked");
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                // A malformed key is skipped; certificates that name it will not verify.
            }
        }
        return result;
    }
}
