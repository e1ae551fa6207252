using NSec.Cryptography;

namespace OneWindow.Ledger;

/// <summary>Ed25519 (RFC 8032) over NSec: key generation, signing and verification with raw 32-byte keys.</summary>
public static class Ed25519
{
    private static readonly SignatureAlgorithm s_algorithm = SignatureAlgorithm.Ed25519;

    public const int SignatureSize = 64;

    public sealed record KeyPair(byte[] PrivateKey, byte[] PublicKey);

    public static KeyPair Generate()
    {
        using var key = Key.Create(s_algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new KeyPair(key.Export(KeyBlobFormat.RawPrivateKey), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        using var key = Key.Import(s_algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        using var key = Key.Import(s_algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
        return s_algorithm.Sign(key, message);
    }

    /// <summary>A key kept in memory for many signatures (the log's own key).</summary>
    public sealed class Signer(ReadOnlySpan<byte> privateKey) : IDisposable
    {
        private readonly Key _key = Key.Import(s_algorithm, privateKey, KeyBlobFormat.RawPrivateKey);

        public byte[] PublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

        public byte[] Sign(ReadOnlySpan<byte> message) => s_algorithm.Sign(_key, message);

        public void Dispose() => _key.Dispose();
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != SignatureSize)
        {
            return false;
        }
        if (!NSec.Cryptography.PublicKey.TryImport(s_algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }
        return s_algorithm.Verify(key, message, signature);
    }
}
