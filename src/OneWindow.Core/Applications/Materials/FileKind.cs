namespace OneWindow.Applications;

/// <summary>
/// The kinds of file a material may be, recognised from the content's first bytes — never from the name or
/// the declared type alone: PDF (<c>%PDF-</c>), JPEG (FF D8 FF), PNG (the 8-byte PNG signature).
/// </summary>
public static class FileKind
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    public static readonly IReadOnlyList<string> Accepted = [Pdf, Jpeg, Png];

    /// <summary>Bytes needed to recognise every accepted kind.</summary>
    public const int SignatureLength = 8;

    /// <summary>The media type <paramref name="head"/> (the file's first bytes) shows, or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return Jpeg;
        }
        return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png : null;
    }

    /// <summary>The declared media type without parameters, lower case, if it is one of the accepted kinds.</summary>
    public static string? Declared(string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type is not null && Accepted.Contains(type) ? type : null;
    }
}
