namespace OneWindow.Security;

/// <summary>
/// Configuration section <c>Keys</c>: the key-encryption key that protects every private key the
/// platform stores (the ledger's, and units' seals). Give <see cref="MasterKey"/> (base64, 32 bytes)
/// from a secret store in production; otherwise a key file is created on first use with mode 0600.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "Keys";

    public string? MasterKey { get; set; }

    public string MasterKeyFile { get; set; } = "data/master.key";
}
