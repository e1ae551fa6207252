namespace OneWindow.Ledger;

/// <summary>
/// One leaf of the log: its index, the hash committed at append, and what the event is about. Its
/// canonical bytes are in the <see cref="LedgerBundle"/> that holds it.
/// </summary>
public sealed class LedgerEntry
{
    public long Index { get; init; }

    public required byte[] LeafHash { get; init; }

    public required string Type { get; init; }

    public required string Subject { get; init; }
}

/// <summary>The bytes of entries 256·Index to 256·Index + 255, as an <see cref="EntryBundle"/>.</summary>
public sealed class LedgerBundle
{
    public long Index { get; init; }

    public required byte[] Data { get; set; }
}

/// <summary>An entry as the log serves it: index, committed leaf hash and canonical event bytes.</summary>
public sealed record LoggedEntry(long Index, byte[] LeafHash, byte[] Input);

/// <summary>The hash of a complete aligned subtree of level ≥ 1 (level k covers 2^k leaves from Index × 2^k).</summary>
public sealed class LedgerNode
{
    public int Level { get; init; }

    public long Index { get; init; }

    public required byte[] Hash { get; init; }
}

/// <summary>The single row that says how big the log is, with its right edge and root.</summary>
public sealed class LedgerState
{
    public int Id { get; init; } = 1;

    public long Size { get; set; }

    public required byte[] Frontier { get; set; }

    public required byte[] Root { get; set; }
}

/// <summary>A published, signed checkpoint (tree head) of the log.</summary>
public sealed class LedgerCheckpoint
{
    public long Size { get; init; }

    public required byte[] Root { get; init; }

    /// <summary>Milliseconds since the Unix epoch (RFC 6962 timestamp).</summary>
    public long Timestamp { get; init; }

    /// <summary>The RFC 6962 DigitallySigned tree head signature.</summary>
    public required byte[] TreeHeadSignature { get; init; }

    /// <summary>The log's signed-note signature line over the checkpoint body.</summary>
    public required string NoteSignature { get; init; }

    public int KeyId { get; init; }
}

/// <summary>A witness's cosignature of a published checkpoint.</summary>
public sealed class LedgerCosignature
{
    public long Size { get; init; }

    public required string Witness { get; init; }

    public long Timestamp { get; init; }

    /// <summary>The signature line as the witness sent it.</summary>
    public required string Line { get; init; }
}

/// <summary>A department's witness, registered with its cosignature/v1 verifier key.</summary>
public sealed class LedgerWitness
{
    public required string Name { get; init; }

    public required byte[] PublicKey { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>A signing key of the log; the private half is stored encrypted with the platform's key-encryption key.</summary>
public sealed class LedgerKey
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public required byte[] PublicKey { get; init; }

    public required byte[] EncryptedPrivateKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; set; }
}
