using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OneWindow.Ledger;

/// <summary>One signature line of a signed note: the signer's name, key ID and signature bytes.</summary>
public sealed record NoteSignature(string Name, byte[] KeyId, byte[] Signature)
{
    public string ToLine() => $"— {Name} {Convert.ToBase64String([.. KeyId, .. Signature])}\n";
}

/// <summary>
/// A C2SP tlog-checkpoint: origin, tree size and base64 root hash, each on its own line, followed by
/// a blank line and signature lines (the log's and witnesses' cosignatures).
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash)
{
    public string Body => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    /// <summary>The log's note signature over the body.</summary>
    public NoteSignature SignAsLog(NoteKey key, Ed25519.Signer signer) =>
        new(key.Name, key.KeyId(), signer.Sign(Encoding.UTF8.GetBytes(Body)));

    public bool VerifyLogSignature(NoteKey key, NoteSignature signature) =>
        signature.Name == key.Name && signature.KeyId.AsSpan().SequenceEqual(key.KeyId()) && signature.Signature.Length == Ed25519.SignatureSize
        && Ed25519.Verify(key.PublicKey, Encoding.UTF8.GetBytes(Body), signature.Signature);

    /// <summary>The message a witness signs (C2SP tlog-cosignature, cosignature/v1).</summary>
    public byte[] CosignedMessage(long timestamp) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{Body}");

    public NoteSignature Cosign(NoteKey witness, ReadOnlySpan<byte> privateKey, long timestamp)
    {
        var signature = Ed25519.Sign(privateKey, CosignedMessage(timestamp));
        var bytes = new byte[8 + Ed25519.SignatureSize];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)timestamp);
        signature.CopyTo(bytes, 8);
        return new NoteSignature(witness.Name, witness.KeyId(), bytes);
    }

    /// <summary>Checks a cosignature line against a witness key; returns its timestamp or null.</summary>
    public long? VerifyCosignature(NoteKey witness, NoteSignature signature)
    {
        if (signature.Name != witness.Name || !signature.KeyId.AsSpan().SequenceEqual(witness.KeyId()) || signature.Signature.Length != 8 + Ed25519.SignatureSize)
        {
            return null;
        }
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        if (timestamp > long.MaxValue)
        {
            return null;
        }
        return Ed25519.Verify(witness.PublicKey, CosignedMessage((long)timestamp), signature.Signature.AsSpan(8)) ? (long)timestamp : null;
    }

    /// <summary>The note text: body, blank line, signature lines.</summary>
    public string ToNote(IEnumerable<NoteSignature> signatures) => Body + "\n" + string.Concat(signatures.Select(s => s.ToLine()));

    /// <summary>Parses a signed checkpoint note into its checkpoint and signature lines; null when malformed.</summary>
    public static (Checkpoint Checkpoint, IReadOnlyList<NoteSignature> Signatures)? Parse(string? note)
    {
        if (note is null || note.Length > 64 * 1024)
        {
            return null;
        }
        var split = note.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }
        var lines = note[..(split + 1)].Split('\n');
        if (lines.Length < 4 || lines[0].Length == 0
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || lines[1] != size.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (root.Length != Merkle.HashSize)
        {
            return null;
        }
        var signatures = new List<NoteSignature>();
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0] != "—")
            {
                return null;
            }
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                return null;
            }
            if (bytes.Length < 5)
            {
                return null;
            }
            signatures.Add(new NoteSignature(parts[1], bytes[..4], bytes[4..]));
        }
        return (new Checkpoint(lines[0], size, root), signatures);
    }
}
