using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Certificates;

/// <summary>Builds a certificate's PDF from its signed token, the seal image and the reviewer's registered signature.</summary>
public static class RenderPdf
{
    public static async Task<byte[]> HandleAsync(Certificate certificate, OneWindowDb db, CertificateOptions options, CancellationToken ct)
    {
        var jws = CompactJws.Parse(certificate.Jws, out _) ?? throw new InvalidOperationException("A stored certificate is not a JWS.");
        var subject = jws.Payload["credentialSubject"]!.AsObject();
        var facts = (subject["facts"] as JsonObject ?? [])
            .Where(f => f.Key != "purpose")
            .Select(f => (f.Value?["label"]?.GetValue<string>() ?? f.Key, f.Value?["value"]?.GetValue<string>() ?? ""))
            .ToList();
        var seal = await db.Seals.AsNoTracking().FirstAsync(s => s.KeyId == certificate.SealKeyId, ct);
        var signature = await db.SignatureSpecimens.AsNoTracking()
            .Where(s => s.AccountId == certificate.ReviewerId && s.Status == Certificates.RegistrationStatus.Registered)
            .Select(s => s.ImagePng).FirstOrDefaultAsync(ct);
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == certificate.UnitId, ct);
        var content = new CertificatePdf.Content(
            jws.Payload["name"]?.GetValue<string>() ?? "证明",
            certificate.Identifier,
            subject["name"]?.GetValue<string>() ?? "",
            subject["idNumber"]?.GetValue<string>() ?? "",
            facts,
            certificate.Purpose,
            certificate.ValidUntil,
            unit.Name,
            certificate.ValidFrom,
            subject["reviewer"]?.GetValue<string>() ?? "",
            seal.ImagePng,
            signature,
            certificate.Jws,
            $"{options.BaseUrl.TrimEnd('/')}/verify?token={certificate.Jws}");
        return CertificatePdf.Render(content);
    }
}
