namespace OneWindow.Certificates;

/// <summary>
/// A unit's electronic seal (电子印章): an Ed25519 key pair made by the platform — the private half
/// wrapped by the key-encryption key and never sent anywhere — and the seal image. It signs only once
/// registered (备案) by an admin of the level above; after rotation it stays for verification.
/// </summary>
public sealed class Seal
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UnitId { get; init; }

    /// <summary>The JWS <c>kid</c> and JWKS key ID.</summary>
    public required string KeyId { get; init; }

    public required byte[] PublicKey { get; init; }

    public required byte[] EncryptedPrivateKey { get; init; }

    public required byte[] ImagePng { get; set; }

    public RegistrationStatus Status { get; set; }

    public Guid SubmittedBy { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public Guid? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Set when a newer seal replaced this one: no new signatures, old ones still verify.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    public bool CanSign(DateTimeOffset now) => Status == RegistrationStatus.Registered && RetiredAt is null && ValidFrom <= now && now < ValidUntil;
}
