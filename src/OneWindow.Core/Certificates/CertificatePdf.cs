using System.Text;
using System.Text.RegularExpressions;
using QRCoder;
using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>
/// Renders a certificate as a one-page A4 PDF: its content, the unit's seal and the reviewer's
/// signature, a QR code that opens the public verification page, the purpose-and-validity
/// watermark, and the signed JWS itself in the document metadata so the PDF alone can be verified.
/// </summary>
public static partial class CertificatePdf
{
    private const string JwsMarker = "onewindow-jws:";

    public sealed record Content(
        string Title, string Identifier, string HolderName, string HolderIdNumber, IReadOnlyList<(string Label, string Value)> Facts,
        string Purpose, DateTimeOffset ValidUntil, string IssuerName, DateTimeOffset IssuedAt, string ReviewerName,
        byte[] SealPng, byte[]? SignaturePng, string Jws, string VerifyUrl, string VerificationCode);

    public static byte[] Render(Content content)
    {
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = content.Identifier,
            Subject = content.Title,
            Keywords = JwsMarker + content.Jws,
            Creator = "OneWindow",
            Producer = "OneWindow",
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(595, 842);
            Draw(canvas, content);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>The JWS a OneWindow PDF carries, or null.</summary>
    public static string? ExtractJws(byte[] pdf)
    {
        if (pdf.Length < 5 || pdf.Length > 5 * 1024 * 1024 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return null;
        }
        var text = Encoding.Latin1.GetString(pdf);
        var match = JwsPattern().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"onewindow-jws:([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)")]
    private static partial Regex JwsPattern();

    private static void Draw(SKCanvas canvas, Content c)
    {
        var black = new SKColor(0x1A, 0x1A, 0x1A);
        using var ink = new SKPaint { Color = black, IsAntialias = true };
        using var title = new SKFont(Fonts.Regular, 30);
        using var body = new SKFont(Fonts.Regular, 14);
        using var small = new SKFont(Fonts.Regular, 9);

        // Watermark: purpose and validity printed once, diagonally across the middle of the page,
        // wrapped so that even the longest purpose stays on the page.
        var watermark = $"仅供办理{c.Purpose}使用，有效期至{c.ValidUntil:yyyy年M月d日}";
        using (var faint = new SKPaint { Color = new SKColor(0xD0, 0x10, 0x10, 0x30), IsAntialias = true })
        using (var big = new SKFont(Fonts.Regular, 22))
        {
            var lines = Wrap(watermark, 20).ToList();
            canvas.Save();
            canvas.RotateDegrees(-30, 297, 421);
            var top = 421 - ((lines.Count - 1) * 28 / 2f);
            for (var i = 0; i < lines.Count; i++)
            {
                canvas.DrawText(lines[i], 297, top + (i * 28), SKTextAlign.Center, big, faint);
            }
            canvas.Restore();
        }

        canvas.DrawText(c.Title, 297, 110, SKTextAlign.Center, title, ink);
        canvas.DrawText($"证照编号：{c.Identifier}", 297, 140, SKTextAlign.Center, small, ink);
        var y0 = 190f;
        foreach (var line in Wrap($"兹证明 {c.HolderName}（公民身份号码 {c.HolderIdNumber}）：", 34))
        {
            canvas.DrawText(line, 70, y0, SKTextAlign.Left, body, ink);
            y0 += 24;
        }
        foreach (var (label, value) in c.Facts)
        {
            foreach (var line in Wrap($"{label}：{value}", 34))
            {
                canvas.DrawText(line, 90, y0, SKTextAlign.Left, body, ink);
                y0 += 24;
            }
        }
        y0 += 10;
        foreach (var line in Wrap(watermark + "。", 34))
        {
            canvas.DrawText(line, 70, y0, SKTextAlign.Left, body, ink);
            y0 += 24;
        }

        canvas.DrawText(c.IssuerName, 500, 640, SKTextAlign.Right, body, ink);
        canvas.DrawText(c.IssuedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), 500, 664, SKTextAlign.Right, body, ink);
        canvas.DrawText("审核人：", 70, 640, SKTextAlign.Left, body, ink);
        if (c.SignaturePng is not null)
        {
            using var signature = SKImage.FromEncodedData(c.SignaturePng);
            if (signature is not null)
            {
                var height = 40f;
                var width = Math.Min(160f, signature.Width * height / signature.Height);
                canvas.DrawImage(signature, new SKRect(130, 612, 130 + width, 612 + height), Sampling);
            }
        }
        else
        {
            canvas.DrawText(c.ReviewerName, 130, 640, SKTextAlign.Left, body, ink);
        }
        using (var seal = SKImage.FromEncodedData(c.SealPng))
        {
            canvas.DrawImage(seal, new SKRect(390, 560, 530, 700), Sampling);
        }

        using var qr = QrImage(c.VerifyUrl);
        canvas.DrawImage(qr, new SKRect(70, 690, 190, 810), new SKSamplingOptions(SKFilterMode.Nearest));
        canvas.DrawText("扫码或访问核验页面验证真伪", 200, 724, SKTextAlign.Left, small, ink);
        canvas.DrawText($"核验码：{c.VerificationCode}", 200, 740, SKTextAlign.Left, small, ink);
        canvas.DrawText("本证明为电子证明，签名数据已嵌入本文件，可离线核验。", 200, 756, SKTextAlign.Left, small, ink);
    }

    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private static SKImage QrImage(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return SKImage.FromEncodedData(new PngByteQRCode(data).GetGraphic(4));
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        for (var i = 0; i < text.Length; i += width)
        {
            yield return text.Substring(i, Math.Min(width, text.Length - i));
        }
    }
}
