using Microsoft.EntityFrameworkCore;

namespace OneWindow.Certificates;

/// <summary>What a holder's certificate is, as a material check needs it.</summary>
public sealed record HeldCertificate(Guid Id, string CertificateType, DateTimeOffset? RevokedAt, DateTimeOffset ValidUntil);

/// <summary>A task's certificate as its holder receives it.</summary>
public sealed record IssuedCertificate(Guid TaskId, string Identifier, string Jws, string VerificationCode, string SealKeyId, DateTimeOffset? RevokedAt);

/// <summary>
/// How other modules read certificates and add seals: these tables belong to Certificates, and no other
/// module touches them directly (the architecture test <c>ModuleTableTests</c> holds that). Reads are untracked.
/// </summary>
public static class CertificateQueries
{
    /// <summary>The certificate each of the given tasks issued, for those that issued one.</summary>
    public static Task<Dictionary<Guid, Guid>> IssuedForTasksAsync(OneWindowDb db, IReadOnlyCollection<Guid> taskIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Certificates.AsNoTracking().Where(c => taskIds.Contains(c.TaskId)).ToDictionaryAsync(c => c.TaskId, c => c.Id, ct);
    }

    /// <summary>The certificates the given tasks issued, as a holder receives them: identifier, the signed credential, verification code, seal key.</summary>
    public static Task<List<IssuedCertificate>> IssuedTokensAsync(OneWindowDb db, IReadOnlyCollection<Guid> taskIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Certificates.AsNoTracking().Where(c => taskIds.Contains(c.TaskId))
            .Select(c => new IssuedCertificate(c.TaskId, c.Identifier, c.Jws, c.VerificationCode, c.SealKeyId, c.RevokedAt)).ToListAsync(ct);
    }

    /// <summary>The certificate <paramref name="id"/> if it was issued to <paramref name="holderId"/>.</summary>
    public static Task<HeldCertificate?> HeldAsync(OneWindowDb db, Guid id, Guid holderId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Certificates.AsNoTracking().Where(c => c.Id == id && c.HolderId == holderId)
            .Select(c => new HeldCertificate(c.Id, c.CertificateType, c.RevokedAt, c.ValidUntil)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Adds seals and signature specimens made elsewhere (provisioning, demo data) to <paramref name="db"/>'s unit of work.</summary>
    public static void Add(OneWindowDb db, IEnumerable<Seal> seals, IEnumerable<SignatureSpecimen> specimens)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Seals.AddRange(seals);
        db.SignatureSpecimens.AddRange(specimens);
    }
}
