using System.Buffers.Text;
using System.IO.Compression;

namespace OneWindow.Certificates;

/// <summary>
/// W3C Bitstring Status List v1.0: a GZIP-compressed bitstring, base64url-encoded with the multibase
/// prefix 'u'; bit i (most significant bit of byte 0 first) set means entry i is revoked.
/// </summary>
public static class BitstringStatusList
{
    /// <summary>16 KB, the specification's minimum, so a list does not reveal how many were issued.</summary>
    public const int Bits = 131_072;

    public static string Encode(IEnumerable<int> revoked)
    {
        var bytes = new byte[Bits / 8];
        foreach (var index in revoked)
        {
            bytes[index / 8] |= (byte)(0x80 >> (index % 8));
        }
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return "u" + Base64Url.EncodeToString(output.ToArray());
    }

    /// <summary>Reads bit <paramref name="index"/>; null when the list is malformed.</summary>
    public static bool? IsSet(string encodedList, int index)
    {
        if (!encodedList.StartsWith('u') || index < 0)
        {
            return null;
        }
        try
        {
            using var input = new MemoryStream(Base64Url.DecodeFromChars(encodedList.AsSpan(1)));
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var bits = new MemoryStream();
            gzip.CopyTo(bits);
            var bytes = bits.ToArray();
            return index / 8 < bytes.Length ? (bytes[index / 8] & (0x80 >> (index % 8))) != 0 : null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            return null;
        }
    }
}
