using OneWindow.Ledger;

namespace OneWindow.Cli.Ledger;

/// <summary>
/// A witness's private key file in the signed-note private-key form:
/// <c>PRIVATE+KEY+name+hex(key ID)+base64(0x04 ‖ Ed25519 private key)</c>.
/// </summary>
public sealed record WitnessKeyFile(NoteKey Key, byte[] PrivateKey)
{
    public string Serialize() =>
        $"PRIVATE+KEY+{Key.Name}+{Convert.ToHexStringLower(Key.KeyId())}+{Convert.ToBase64String([NoteKey.Ed25519Cosignature, .. PrivateKey])}\n";

    public static WitnessKeyFile Generate(string name)
    {
        var pair = Ed25519.Generate();
        return new WitnessKeyFile(new NoteKey(name, NoteKey.Ed25519Cosignature, pair.PublicKey), pair.PrivateKey);
    }

    public static WitnessKeyFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"no such key file: {path}");
        }
        var parts = File.ReadAllText(path).Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY")
        {
            throw new CliException($"{path} is not a witness private key (PRIVATE+KEY+name+keyid+key)");
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            throw new CliException($"{path} holds a key that is not base64");
        }
        if (blob.Length != 33 || blob[0] != NoteKey.Ed25519Cosignature)
        {
            throw new CliException($"{path} is not an Ed25519 cosignature key");
        }
        var key = new NoteKey(parts[2], NoteKey.Ed25519Cosignature, Ed25519.PublicKeyOf(blob[1..]));
        if (Convert.ToHexStringLower(key.KeyId()) != parts[3])
        {
            throw new CliException($"{path}: the key ID does not match the key");
        }
        return new WitnessKeyFile(key, blob[1..]);
    }
}
