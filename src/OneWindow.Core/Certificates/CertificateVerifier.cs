using System.Globalization;
using System.Text.Json.Nodes;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Formats;

namespace OneWindow.Certificates;

/// <summary>The outcome of checking a certificate.</summary>
public enum VerdictStatus
{
    Valid,
    Invalid,
    Revoked,
    Expired,
    NotYetValid,
}

/// <summary>A public key as a verifier knows it: from the JWKS or the seal registry.</summary>
public sealed record SealKey(string KeyId, byte[] PublicKey, string UnitName, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, bool Revoked);

/// <summary>Where the ledger stands on a certificate: its leaf, and whether the inclusion proof checked out.</summary>
public sealed record LedgerCheck(long? LeafIndex, long TreeSize, bool InclusionVerified, bool TokenMatches);

/// <summary>A verdict with its reasons; personal data masked (张*三, 1301**********1234).</summary>
public sealed record Verdict(
    VerdictStatus Status, IReadOnlyList<string> Reasons, string? Identifier, string? Name, string? CertificateType,
    string? IssuerName, string? IssuerId, string? HolderName, string? HolderIdNumber, string? Purpose,
    DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, string? KeyId, bool RevocationChecked, LedgerCheck? Ledger)
{
    public static Verdict Invalid(string reason, string? keyId = null) =>
        new(VerdictStatus.Invalid, [reason], null, null, null, null, null, null, null, null, null, null, keyId, false, null);
}

/// <summary>
/// Checks a certificate JWS: structure, EdDSA signature under a known seal key valid at issuance,
/// the credential's shape and GB/T 36904 identifier, its validity dates, and its revocation status.
/// Lookups are handed in, so the same code serves the server (registry, database) and the offline CLI (JWKS, fetched status list).
/// </summary>
public static class CertificateVerifier
{
    public static async Task<Verdict> VerifyAsync(string? token, Func<string, Task<SealKey?>> keys, Func<string, int, Task<bool?>> revoked, DateTimeOffset now)
    {
        var jws = CompactJws.Parse(token, out var problem);
        if (jws is null)
        {
            return Verdict.Invalid(problem!);
        }
        if (jws.Algorithm != "EdDSA")
        {
            return Verdict.Invalid(Texts.T("unsupported algorithm {0}; certificates are signed with EdDSA", jws.Algorithm ?? "(none)"));
        }
        if (jws.Header["typ"]?.GetValue<string>() != "vc+jwt")
        {
            return Verdict.Invalid(Texts.T("the header's typ is not vc+jwt"));
        }
        if (jws.KeyId is not { Length: > 0 and < 200 } kid)
        {
            return Verdict.Invalid(Texts.T("the header names no kid"));
        }
        var key = await keys(kid);
        if (key is null)
        {
            return Verdict.Invalid(Texts.T("unknown key {0}: no registered seal has it", kid), kid);
        }
        if (!Ed25519.Verify(key.PublicKey, jws.SigningInput, jws.Signature))
        {
            return Verdict.Invalid(Texts.T("the signature does not verify: the certificate was altered or not signed by this seal"), kid);
        }

        var reasons = new List<string>();
        var vc = jws.Payload;
        var subject = vc["credentialSubject"] as JsonObject;
        var identifier = Text(subject?["licenceIdentifier"]);
        var validFrom = Date(vc["validFrom"]);
        var validUntil = Date(vc["validUntil"]);
        var contexts = (vc["@context"] as JsonArray)?.Select(c => Text(c)).ToList();
        var types = (vc["type"] as JsonArray)?.Select(c => Text(c)).ToList();
        if (contexts?.FirstOrDefault() != CertificateIssuer.CredentialContext || types?.Contains("VerifiableCredential") != true)
        {
            reasons.Add(Texts.T("not a W3C Verifiable Credential 2.0"));
        }
        if (LicenceIdentifier.Validate(identifier) is { } bad)
        {
            reasons.Add(Texts.T("the licence identifier is malformed: {0}", bad));
        }
        else if (Text(vc["id"]) != $"urn:gbt36904:{identifier}")
        {
            reasons.Add(Texts.T("the credential id does not match its licence identifier"));
        }
        if (validFrom is null || validUntil is null || validUntil <= validFrom)
        {
            reasons.Add(Texts.T("validFrom and validUntil are missing or out of order"));
        }
        if (key.Revoked)
        {
            reasons.Add(Texts.T("the seal {0} has been revoked", kid));
        }
        if (validFrom is { } issued && (issued < key.ValidFrom.AddMinutes(-5) || issued > key.ValidUntil))
        {
            reasons.Add(Texts.T("the seal was not valid when the certificate says it was issued"));
        }

        var status = reasons.Count > 0 ? VerdictStatus.Invalid : VerdictStatus.Valid;
        var revocationChecked = false;
        if (status == VerdictStatus.Valid)
        {
            var entry = vc["credentialStatus"] as JsonObject;
            var listUrl = Text(entry?["statusListCredential"]);
            if (listUrl is not null && int.TryParse(Text(entry?["statusListIndex"]), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                var isRevoked = await revoked(listUrl, index);
                revocationChecked = isRevoked is not null;
                if (isRevoked == true)
                {
                    status = VerdictStatus.Revoked;
                    reasons.Add(Texts.T("the issuing unit has revoked this certificate"));
                }
            }
            else
            {
                reasons.Add(Texts.T("the credential has no status entry"));
                status = VerdictStatus.Invalid;
            }
        }
        if (status == VerdictStatus.Valid && now < validFrom)
        {
            status = VerdictStatus.NotYetValid;
            reasons.Add(Texts.T("the certificate is not valid yet"));
        }
        if (status == VerdictStatus.Valid && now >= validUntil)
        {
            status = VerdictStatus.Expired;
            reasons.Add(Texts.T("the certificate expired on {0:yyyy-MM-dd}", validUntil!));
        }
        if (status == VerdictStatus.Valid)
        {
            reasons.Add(revocationChecked ? Texts.T("signature, seal, dates and revocation status all check out") : Texts.T("signature, seal and dates check out; revocation status could not be checked"));
        }
        var name = Text(subject?["name"]);
        var idNumber = Text(subject?["idNumber"]);
        var issuer = vc["issuer"] as JsonObject;
        // A person's name and number are masked; an organisation's registered name and credit code are public already.
        var organisation = Text(subject?["type"]) == "Organization";
        var shownName = name is null ? null : organisation ? name : PersonName.Mask(name);
        var shownNumber = organisation ? Text(subject?["creditCode"]) : idNumber is null ? null : ResidentIdNumber.Mask(idNumber);
        return new Verdict(status, reasons, identifier, Text(vc["name"]), Text(subject?["certificateType"]), Text(issuer?["name"]), Text(issuer?["id"]),
            shownName, shownNumber, Text(subject?["purpose"]),
            validFrom, validUntil, kid, revocationChecked, null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
