using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OneWindow.Security;

/// <summary>
/// Wraps private keys with AES-256-GCM under the key-encryption key, so a database copy alone
/// never reveals them. Layout: version (1) ‖ nonce (12) ‖ tag (16) ‖ ciphertext; the purpose string
/// is bound as associated data so a key wrapped for one use cannot be unwrapped for another.
/// </summary>
public sealed class KeyEncryption
{
    private const byte Version = 1;
    private readonly byte[] _key;

    public KeyEncryption(IOptions<KeyEncryptionOptions> options)
    {
        _key = LoadOrCreate(options.Value);
    }

    public KeyEncryption(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The key-encryption key must be 32 bytes.", nameof(key));
        }
        _key = key;
    }

    public byte[] Wrap(ReadOnlySpan<byte> secret, string purpose)
    {
        var output = new byte[1 + 12 + 16 + secret.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, secret, output.AsSpan(29), output.AsSpan(13, 16), System.Text.Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>
    /// A key of its own for <paramref name="purpose"/>, derived from the key-encryption key with HKDF-SHA256: the
    /// same in every process that holds the master key, and useless for any other purpose (e.g. the keys that
    /// sign and encrypt the departments' access tokens).
    /// </summary>
    public byte[] Derive(string purpose, int length = 32) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, length, salt: [], info: System.Text.Encoding.UTF8.GetBytes("onewindow/derived/" + purpose));

    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, string purpose)
    {
        if (wrapped.Length < 29 || wrapped[0] != Version)
        {
            throw new CryptographicException("Not a wrapped key of a known version.");
        }
        var secret = new byte[wrapped.Length - 29];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(wrapped.Slice(1, 12), wrapped[29..], wrapped.Slice(13, 16), secret, System.Text.Encoding.UTF8.GetBytes(purpose));
        return secret;
    }

    /// <summary>The key file in use, or null when the key came from configuration.</summary>
    public string? KeyFile { get; private set; }

    private byte[] LoadOrCreate(KeyEncryptionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return Decode(options.MasterKey, "Keys:MasterKey");
        }
        var path = Path.GetFullPath(options.MasterKeyFile ?? KeyEncryptionOptions.DefaultKeyFile);
        if (options.MasterKeyFile is null && !File.Exists(path) && File.Exists(KeyEncryptionOptions.LegacyKeyFile))
        {
            path = Path.GetFullPath(KeyEncryptionOptions.LegacyKeyFile); // keep opening what an older installation wrapped
        }
        KeyFile = path;
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // owner-only, like an SSH key
        }
        using (var stream = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }
        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key in {source} is not base64.");
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"The key-encryption key in {source} must be 32 bytes, not {key.Length}.");
    }
}
