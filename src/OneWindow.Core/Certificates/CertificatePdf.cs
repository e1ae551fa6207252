using System.Text;
using System.Text.RegularExpressions;
using QRCoder;
using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>
/// Renders a certificate as an A4 PDF the way a committee's 证明 looks: the title, the recipient it is addressed to,
/// the signed statement in the item's wording (or its facts, for a type without one) broken by the Chinese rules
/// (<see cref="ChineseLines"/>), the validity, then the reviewer's signature, the unit and date with the seal over them
/// and the QR code with the verification code at the foot; the purpose once per page as a diagonal watermark. A long
/// statement runs on over further pages. The signed JWS rides in the document metadata so the PDF alone can be verified.
/// </summary>
public static partial class CertificatePdf
{
    private const string JwsMarker = "onewindow-jws:";

    public sealed record Content(
        string Title, string Identifier, string HolderName, string HolderIdNumber, IReadOnlyList<(string Label, string Value)> Facts,
        string Purpose, DateTimeOffset ValidUntil, string IssuerName, DateTimeOffset IssuedAt, string ReviewerName,
        byte[] SealPng, byte[]? SignaturePng, string Jws, string VerifyUrl, string VerificationCode, string? Statement = null, string? Recipient = null);

    public static byte[] Render(Content content)
    {
        ArgumentNullException.ThrowIfNull(content);
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
            var pages = Layout(content);
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                Draw(canvas, content, pages[i], i, pages.Count);
                document.EndPage();
            }
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

    private const float PageWidth = 595, PageHeight = 842, Left = 70, Right = 525, BodySize = 14, LineHeight = 26;

    /// <summary>Where the text may run on a page; on the last page it stops above the issuer, the seal and the QR code.</summary>
    private const float BodyTop = 190, ContinuedTop = 90, BodyBottom = 790, LastBodyBottom = 590;

    /// <summary>A line of text at its place: left edge, baseline, and whether it is small print.</summary>
    private sealed record Line(string Text, float X, float Y);

    /// <summary>The body lines of each page. The issuer's block goes on the last page, alone with 此页无正文 if the text leaves no room.</summary>
    private static List<List<Line>> Layout(Content c)
    {
        using var body = new SKFont(Fonts.Regular, BodySize);
        var paragraphs = new List<(string Text, float Indent, float X)>();
        if (c.Statement is { Length: > 0 } statement)
        {
            if (!string.IsNullOrWhiteSpace(c.Recipient))
            {
                paragraphs.Add(($"{c.Recipient}：", 0, Left));
            }
            paragraphs.AddRange(statement.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => (p, BodySize * 2, Left)));
        }
        else
        {
            paragraphs.Add(($"兹证明 {c.HolderName}（{(c.HolderIdNumber.Length == 18 ? "公民身份号码" : "统一社会信用代码")} {c.HolderIdNumber}）：", 0, Left));
            paragraphs.AddRange(c.Facts.Select(f => ($"{f.Label}：{f.Value}", 0f, Left + 20)));
        }
        paragraphs.Add(($"本证明有效期至{c.ValidUntil.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日}。", BodySize * 2, Left));

        var pages = new List<List<Line>> { new() };
        var y = BodyTop;
        foreach (var (text, indent, x) in paragraphs)
        {
            foreach (var (line, first) in ChineseLines.Break(text, Right - x, indent, body).Select((l, i) => (l, i == 0)))
            {
                if (y > BodyBottom)
                {
                    pages.Add([]);
                    y = ContinuedTop;
                }
                pages[^1].Add(new Line(line, x + (first ? indent : 0), y));
                y += LineHeight;
            }
            y += 4;
        }
        if (y - LineHeight > LastBodyBottom)
        {
            pages.Add([new Line("（此页无正文）", Left, ContinuedTop)]);
        }
        return pages;
    }

    private static void Draw(SKCanvas canvas, Content c, List<Line> lines, int page, int pageCount)
    {
        var black = new SKColor(0x1A, 0x1A, 0x1A);
        using var ink = new SKPaint { Color = black, IsAntialias = true };
        using var title = new SKFont(Fonts.Regular, 30);
        using var body = new SKFont(Fonts.Regular, BodySize);
        using var small = new SKFont(Fonts.Regular, 9);

        // The purpose, printed once on each page as a faint diagonal watermark, wrapped to stay on the page.
        var watermark = $"仅供办理{c.Purpose}使用";
        using (var faint = new SKPaint { Color = new SKColor(0xD0, 0x10, 0x10, 0x30), IsAntialias = true })
        using (var big = new SKFont(Fonts.Regular, 22))
        {
            var wrapped = ChineseLines.Break(watermark, 440, 0, big).ToList();
            canvas.Save();
            canvas.RotateDegrees(-30, 297, 421);
            var top = 421 - ((wrapped.Count - 1) * 28 / 2f);
            for (var i = 0; i < wrapped.Count; i++)
            {
                canvas.DrawText(wrapped[i], 297, top + (i * 28), SKTextAlign.Center, big, faint);
            }
            canvas.Restore();
        }

        if (page == 0)
        {
            canvas.DrawText(c.Title, 297, 110, SKTextAlign.Center, title, ink);
            canvas.DrawText($"证照编号：{c.Identifier}", 297, 140, SKTextAlign.Center, small, ink);
        }
        else
        {
            canvas.DrawText($"{c.Title}（续）　证照编号：{c.Identifier}", Left, 50, SKTextAlign.Left, small, ink);
        }
        foreach (var line in lines)
        {
            canvas.DrawText(line.Text, line.X, line.Y, SKTextAlign.Left, body, ink);
        }
        if (pageCount > 1)
        {
            canvas.DrawText($"第{page + 1}页　共{pageCount}页", 297, 828, SKTextAlign.Center, small, ink);
        }
        if (page == pageCount - 1)
        {
            DrawIssuer(canvas, c, ink, body, small);
        }
    }

    /// <summary>The reviewer's signature, the issuing unit and date with the seal over them, and the QR code at the foot.</summary>
    private static void DrawIssuer(SKCanvas canvas, Content c, SKPaint ink, SKFont body, SKFont small)
    {
        canvas.DrawText(c.IssuerName, 500, 650, SKTextAlign.Right, body, ink);
        canvas.DrawText(c.IssuedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), 500, 674, SKTextAlign.Right, body, ink);
        canvas.DrawText("审核人：", Left, 650, SKTextAlign.Left, body, ink);
        using (var signature = c.SignaturePng is null ? null : SKImage.FromEncodedData(c.SignaturePng))
        {
            if (signature is not null)
            {
                var height = 40f;
                var width = Math.Min(160f, signature.Width * height / signature.Height);
                canvas.DrawImage(signature, new SKRect(130, 622, 130 + width, 622 + height), Sampling);
            }
            else
            {
                canvas.DrawText(c.ReviewerName, 130, 650, SKTextAlign.Left, body, ink);
            }
        }
        using (var seal = SKImage.FromEncodedData(c.SealPng))
        {
            canvas.DrawImage(seal, new SKRect(390, 580, 530, 720), Sampling);
        }

        using var qr = QrImage(c.VerifyUrl);
        canvas.DrawImage(qr, new SKRect(Left, 690, Left + 120, 810), new SKSamplingOptions(SKFilterMode.Nearest));
        canvas.DrawText("扫码或访问核验页面验证真伪", 200, 734, SKTextAlign.Left, small, ink);
        canvas.DrawText($"核验码：{c.VerificationCode}", 200, 750, SKTextAlign.Left, small, ink);
        canvas.DrawText("本证明为电子证明，签名数据已嵌入本文件，可离线核验。", 200, 766, SKTextAlign.Left, small, ink);
    }

    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private static SKImage QrImage(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return SKImage.FromEncodedData(new PngByteQRCode(data).GetGraphic(4));
    }
}
