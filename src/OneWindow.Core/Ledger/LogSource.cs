namespace OneWindow.Ledger;

/// <summary>A signed tree head as a verifier receives it.</summary>
public sealed record SignedTreeHead(long TreeSize, long Timestamp, byte[] RootHash, byte[] TreeHeadSignature);

/// <summary>One entry as a verifier receives it, with the leaf hash the log says it committed, if it says.</summary>
public sealed record SourceEntry(long Index, byte[] Input, byte[]? CommittedLeafHash);

/// <summary>Where a verifier reads a log from: over HTTP from a server, or straight from a database.</summary>
public interface ILogSource
{
    Task<SignedTreeHead> TreeHeadAsync(CancellationToken ct);

    /// <summary>Entries from <paramref name="start"/> to <paramref name="end"/> inclusive, in order (may take several pages).</summary>
    IAsyncEnumerable<SourceEntry> EntriesAsync(long start, long end, CancellationToken ct);

    Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct);
}
