using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>
/// 扫码核验's server half: a camera frame in, the local verification link of the certificate's QR code out — and for any
/// other picture or code a clear Chinese reason, never a link elsewhere.
/// </summary>
public sealed class QrScanTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return content;
    }

    private static byte[] QrPng(string text)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(6);
    }

    private async Task<JsonElement> ScanAsync(HttpContent body, HttpStatusCode expected)
    {
        using var client = app.Client();
        var response = await client.PostAsync("/api/certificates/verify/scan", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_certificates_code_gives_the_local_verification_link()
    {
        var found = await ScanAsync(Png(QrPng("https://onewindow.example.cn/verify?id=91130123MB0000000X-0001-2026-000001-001&code=K7Q2M9XW")), HttpStatusCode.OK);
        Assert.Equal("/Verify?id=91130123MB0000000X-0001-2026-000001-001&code=K7Q2M9XW", found.GetProperty("link").GetString());
        Assert.Equal("K7Q2M9XW", found.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Any_other_picture_or_code_is_refused_with_a_reason()
    {
        var elsewhere = await ScanAsync(Png(QrPng("https://phishing.example/login")), HttpStatusCode.BadRequest);
        Assert.Contains("不是本平台证明的核验码", elsewhere.GetProperty("errors").GetProperty("image")[0].GetString(), StringComparison.Ordinal);
        using var blank = new SkiaSharp.SKBitmap(200, 200);
        blank.Erase(SkiaSharp.SKColors.White);
        using var encoded = blank.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var nothing = await ScanAsync(Png(encoded.ToArray()), HttpStatusCode.BadRequest);
        Assert.Contains("没有找到证明二维码", nothing.GetProperty("errors").GetProperty("image")[0].GetString(), StringComparison.Ordinal);
        var garbage = await ScanAsync(Png("not an image at all"u8.ToArray()), HttpStatusCode.BadRequest);
        Assert.Contains("PNG 或 JPEG", garbage.GetProperty("errors").GetProperty("image")[0].GetString(), StringComparison.Ordinal);
        using var client = app.Client();
        var json = await client.PostAsJsonAsync("/api/certificates/verify/scan", new { image = "x" }, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        var huge = await client.PostAsync("/api/certificates/verify/scan", Png(new byte[3 * 1024 * 1024]), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }
}
