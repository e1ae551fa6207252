using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Ledger;

/// <summary>
/// A signed-note verifier key (C2SP signed-note): a name, an algorithm byte (0x01 Ed25519 note
/// signatures, 0x04 Ed25519 cosignature/v1) and a 32-byte Ed25519 public key.
/// </summary>
public sealed record NoteKey(string Name, byte Algorithm, byte[] PublicKey)
{
    public const byte Ed25519Note = 0x01;
    public const byte Ed25519Cosignature = 0x04;

    /// <summary>SHA-256(name ‖ "\n" ‖ algorithm ‖ public key)[:4].</summary>
    public byte[] KeyId()
    {
        var name = Encoding.UTF8.GetBytes(Name + "\n");
        var data = new byte[name.Length + 1 + PublicKey.Length];
        name.CopyTo(data, 0);
        data[name.Length] = Algorithm;
        PublicKey.CopyTo(data, name.Length + 1);
        return SHA256.HashData(data)[..4];
    }

    /// <summary>The vkey text: <c>name+hex(key ID)+base64(algorithm ‖ public key)</c>.</summary>
    public string ToVerifierKey() =>
        $"{Name}+{Convert.ToHexStringLower(KeyId())}+{Convert.ToBase64String([Algorithm, .. PublicKey])}";

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 200 && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    /// <summary>Parses a vkey and checks its embedded key ID.</summary>
    public static NoteKey? ParseVerifierKey(string? text)
    {
        var parts = text?.Trim().Split('+', 3);
        if (parts is not { Length: 3 } || !IsValidName(parts[0]))
        {
            return null;
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (blob.Length != 33 || blob[0] is not (Ed25519Note or Ed25519Cosignature))
        {
            return null;
        }
        var key = new NoteKey(parts[0], blob[0], blob[1..]);
        return Convert.ToHexStringLower(key.KeyId()) == parts[1].ToLowerInvariant() ? key : null;
    }
}
