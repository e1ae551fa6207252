using System.Security.Cryptography;
using System.Text;
using OneWindow.Security;

namespace OneWindow.DataSharing;

/// <summary>
/// The keyed hash a subject is stored and logged under: HMAC-SHA256 with a key derived from the master key,
/// over the subject's kind and its identifier in upper case. Identity numbers are too few to hide behind a
/// plain hash (anyone could hash every one); without the key, the hash names no one.
/// </summary>
public sealed class SubjectKeys(KeyEncryption encryption)
{
    private readonly byte[] _key = encryption.Derive("shared-data-subject");

    public string Of(DataSubjectKind kind, string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var text = $"{(kind == DataSubjectKind.Resident ? "resident" : "enterprise")}:{identifier.Trim().ToUpperInvariant()}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
    }
}
