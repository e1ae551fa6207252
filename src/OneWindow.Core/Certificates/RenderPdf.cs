using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;

namespace OneWindow.Certificates;

/// <summary>
/// Builds a certificate's PDF from its signed token, the seal image and the reviewer's registered
/// signature — on the first download, then served from <c>certificate_pdfs</c>.
/// </summary>
public static class RenderPdf
{
    /// <summary>The stored PDF, or a new rendering that is stored for next time.</summary>
    public static async Task<byte[]> CachedAsync(Certificate certificate, OneWindowDb db, CertificateOptions options, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var stored = await db.CertificatePdfs.AsNoTracking().Where(p => p.CertificateId == certificate.Id).Select(p => p.Pdf).FirstOrDefaultAsync(ct);
        if (stored is not null)
        {
            return stored;
        }
        var pdf = await HandleAsync(certificate, db, options, ct);
        db.CertificatePdfs.Add(new CertificatePdfCopy { CertificateId = certificate.Id, Pdf = pdf, RenderedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // Two first downloads at once: the other rendering was stored; both are the same view of the same credential.
        }
        return pdf;
    }

    /// <summary>The link its QR code carries: short, with no personal data and no token in it.</summary>
    public static string VerifyUrl(CertificateOptions options, Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificate);
        return $"{options.BaseUrl.TrimEnd('/')}/verify?id={certificate.Identifier}&code={certificate.VerificationCode}";
    }

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
        var unit = await UnitQueries.FindAsync(db, certificate.UnitId, ct) ?? throw new InvalidOperationException("A certificate names a unit that does not exist");
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
            VerifyUrl(options, certificate),
            VerificationCode.Format(certificate.VerificationCode),
            subject["statement"]?.GetValue<string>(),
            subject["facts"]?["recipient"]?["value"]?.GetValue<string>());
        return CertificatePdf.Render(content);
    }
}
