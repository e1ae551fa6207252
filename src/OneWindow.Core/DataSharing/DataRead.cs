namespace OneWindow.DataSharing;

/// <summary>
/// One granted read of a record, kept so that the person it is about can see who read what, when and why
/// (my data log), and anchored in the transparency ledger by <see cref="LedgerLeafHash"/>.
/// </summary>
public sealed class DataRead
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string ItemCode { get; init; }

    public required int RecordVersion { get; init; }

    public required string SubjectHash { get; init; }

    public required Guid ConsumerUnitId { get; init; }

    public required Guid GrantId { get; init; }

    public required string Purpose { get; init; }

    public required List<string> Fields { get; init; }

    public required Guid ReadBy { get; init; }

    public DateTimeOffset ReadAt { get; init; }

    public required byte[] LedgerLeafHash { get; init; }
}
