namespace OneWindow.Security;

/// <summary>
/// Configuration section <c>Keys</c>: the key-encryption key that protects every private key the
/// platform stores (the ledger's, and units' seals). Give <see cref="MasterKey"/> (base64, 32 bytes)
/// from a secret store in production; otherwise a key file is created on first use with mode 0600 —
/// by default in the user's configuration folder, never beside the database, so a copy of the data
/// folder alone does not carry the key that opens it.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "Keys";

    /// <summary>The key itself, base64 (from an environment variable or a secret store).</summary>
    public string? MasterKey { get; set; }

    /// <summary>Where the key file is; unset: <see cref="DefaultKeyFile"/>.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>$XDG_CONFIG_HOME/onewindow/master.key (~/.config/onewindow/master.key on Linux).</summary>
    public static string DefaultKeyFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "onewindow", "master.key");

    /// <summary>Where installations before December 2026 kept the key (beside the database); still read if it is there.</summary>
    public const string LegacyKeyFile = "data/master.key";
}
