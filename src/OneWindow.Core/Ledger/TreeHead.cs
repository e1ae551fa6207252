using System.Buffers.Binary;

namespace OneWindow.Ledger;

/// <summary>
/// An RFC 6962 signed tree head: the log signs the TLS-encoded TreeHeadSignature structure
/// (version v1, signature type tree_hash, timestamp in ms, tree size, root hash) with Ed25519;
/// the signature is a DigitallySigned struct (hash 8 "intrinsic", signature 7 "ed25519", 64 bytes).
/// </summary>
public sealed record TreeHead(long TreeSize, long Timestamp, byte[] RootHash)
{
    public byte[] SignedData()
    {
        var data = new byte[2 + 8 + 8 + Merkle.HashSize];
        data[0] = 0; // version v1
        data[1] = 1; // signature_type tree_hash
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(2), (ulong)Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(10), (ulong)TreeSize);
        RootHash.CopyTo(data, 18);
        return data;
    }

    public byte[] Sign(Ed25519.Signer signer) => Wrap(signer.Sign(SignedData()));

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digitallySigned)
    {
        if (digitallySigned.Length != 4 + Ed25519.SignatureSize || digitallySigned[0] != 8 || digitallySigned[1] != 7
            || BinaryPrimitives.ReadUInt16BigEndian(digitallySigned[2..]) != Ed25519.SignatureSize)
        {
            return false;
        }
        return Ed25519.Verify(publicKey, SignedData(), digitallySigned[4..]);
    }

    private static byte[] Wrap(byte[] signature)
    {
        var bytes = new byte[4 + signature.Length];
        bytes[0] = 8;
        bytes[1] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)signature.Length);
        signature.CopyTo(bytes, 4);
        return bytes;
    }
}
