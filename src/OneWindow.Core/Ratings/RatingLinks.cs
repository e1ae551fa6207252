using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Buffers.Text;
using OneWindow.Security;

namespace OneWindow.Ratings;

/// <summary>
/// The rating link of an invitation: a token that names one link record and its expiry, signed with HMAC-SHA256 under a
/// key derived from the master key — so every process checks it, nobody can make one, and nothing in the database can be
/// turned into one. The record says whether it was used (single use). It rates that one application's stage and reaches
/// nothing else; it signs no one in.
/// </summary>
public static class RatingLinks
{
    private const int IdLength = 16;
    private const int ExpiryLength = 8;
    private const int MacLength = 32;
    private const string Purpose = "rating-links/hmac-sha256";

    public static string Token(KeyEncryption keys, Guid linkId, long expiresAt)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var bytes = new byte[IdLength + ExpiryLength + MacLength];
        linkId.TryWriteBytes(bytes.AsSpan(0, IdLength), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(IdLength, ExpiryLength), expiresAt);
        HMACSHA256.HashData(keys.Derive(Purpose), bytes.AsSpan(0, IdLength + ExpiryLength), bytes.AsSpan(IdLength + ExpiryLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The link id and expiry a token names, when its signature is good; null for anything else.</summary>
    public static (Guid LinkId, long ExpiresAt)? Read(KeyEncryption keys, string? token)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length != IdLength + ExpiryLength + MacLength)
        {
            return null;
        }
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(keys.Derive(Purpose), bytes.AsSpan(0, IdLength + ExpiryLength), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(IdLength + ExpiryLength)))
        {
            return null;
        }
        return (new Guid(bytes.AsSpan(0, IdLength), bigEndian: true), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(IdLength, ExpiryLength)));
    }
}
