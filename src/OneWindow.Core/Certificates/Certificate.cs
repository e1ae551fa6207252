namespace OneWindow.Certificates;

/// <summary>An issued electronic certificate: the signed credential and what is needed to check and revoke it.</summary>
public sealed class Certificate
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The GB/T 36904 identifier.</summary>
    public required string Identifier { get; init; }

    public required Guid ApplicationId { get; init; }

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

    /// <summary>Position in the issuing unit's Bitstring Status List.</summary>
    public int StatusIndex { get; init; }

    public long LedgerIndex { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    public long? RevocationLedgerIndex { get; set; }
}

/// <summary>Each issuing unit's revocation list: how many indices it has handed out.</summary>
public sealed class StatusList
{
    public required Guid UnitId { get; init; }

    public int NextIndex { get; set; }
}
