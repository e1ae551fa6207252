using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace OneWindow.Security;

/// <summary>
/// Encrypts ASP.NET Core Data Protection keys (which protect sign-in cookies) with the platform's
/// key-encryption key before they are stored, so no key rests unencrypted.
/// </summary>
public sealed class KeyEncryptionXmlEncryptor(KeyEncryption encryption) : IXmlEncryptor
{
    internal const string Purpose = "onewindow/data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey", new XComment(" wrapped with the OneWindow key-encryption key (AES-256-GCM) "), Convert.ToBase64String(encryption.Wrap(bytes, Purpose)));
        return new EncryptedXmlInfo(element, typeof(KeyEncryptionXmlDecryptor));
    }
}

/// <summary>Unwraps keys stored by <see cref="KeyEncryptionXmlEncryptor"/>; made by Data Protection through the service provider.</summary>
public sealed class KeyEncryptionXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var wrapped = Convert.FromBase64String(encryptedElement.Value.Trim());
        var plain = services.GetRequiredService<KeyEncryption>().Unwrap(wrapped, KeyEncryptionXmlEncryptor.Purpose);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
