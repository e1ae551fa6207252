namespace OneWindow.Certificates;

/// <summary>A reviewer's handwritten-signature specimen (手签), shown on the certificates they approve once registered.</summary>
public sealed class SignatureSpecimen
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid AccountId { get; init; }

    public required Guid UnitId { get; init; }

    public required byte[] ImagePng { get; init; }

    public RegistrationStatus Status { get; set; }

    public Guid SubmittedBy { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public Guid? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }
}
