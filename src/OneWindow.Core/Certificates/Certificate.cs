namespace OneWindow.Certificates;

/// <summary>An issued electronic certificate: the signed credential and what is needed to check and revoke it.</summary>
public sealed class Certificate
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The GB/T 36904 identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>
    /// The task it answers (one certificate per task). For certificates issued on a certificate application
    /// filed before the application engine, the application's id.
    /// </summary>
    public required Guid TaskId { get; init; }

    public required Guid HolderId { get; init; }

    public required Guid UnitId { get; init; }

    public required Guid ReviewerId { get; init; }

    public required string SealKeyId { get; init; }

    public required string CertificateType { get; init; }

    public required string Purpose { get; init; }

    public DateTimeOffset ValidFrom { get; init; }

    public DateTimeOffset ValidUntil { get; init; }

    /// <summary>The compact JWS (VC-JOSE-COSE): the credential is its payload.</summary>
    public required string Jws { get; init; }

    /// <summary>
    /// The verification code printed on the certificate and carried by its QR link (核验码): whoever holds
    /// it may see the certificate's facts on the verification page; nobody can list or guess them.
    /// </summary>
    public required string VerificationCode { get; init; }

    /// <summary>Position in the issuing unit's Bitstring Status List.</summary>
    public int StatusIndex { get; init; }

    /// <summary>
    /// The RFC 9162 leaf hash of the <c>certificate.issued</c> entry staged with this row; the entry is
    /// in the log once the sequencer has drained the outbox (look it up by this hash).
    /// </summary>
    public required byte[] LedgerLeafHash { get; init; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>The leaf hash of the <c>certificate.revoked</c> entry, once revoked.</summary>
    public byte[]? RevocationLeafHash { get; private set; }

    /// <summary>Bumped on revocation; a concurrent second revocation fails on save (optimistic concurrency).</summary>
    public int Version { get; private set; }

    public Common.Failure? Revoke(string reason, byte[] leafHash, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return new Common.StateConflict(Common.Texts.T("The certificate is already revoked"), "revoked");
        }
        Version++;
        RevokedAt = now;
        RevocationReason = reason;
        RevocationLeafHash = leafHash;
        return null;
    }
}

/// <summary>A certificate's PDF, rendered on its first download and kept (the signed credential is the certificate; the PDF is a view of it).</summary>
public sealed class CertificatePdfCopy
{
    public required Guid CertificateId { get; init; }

    public required byte[] Pdf { get; init; }

    public DateTimeOffset RenderedAt { get; init; }
}

/// <summary>Each issuing unit's revocation list: how many indices it has handed out.</summary>
public sealed class StatusList
{
    public required Guid UnitId { get; init; }

    public int NextIndex { get; set; }
}
