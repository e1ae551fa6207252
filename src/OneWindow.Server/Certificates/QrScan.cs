using OneWindow.Common;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace OneWindow.Server.Certificates;

/// <summary>
/// Reads a certificate's QR code from a camera frame (the kiosk's and the phone page's 扫码核验): the image is decoded with
/// SkiaSharp and the code found with ZXing.Net (both thresholding strategies, as a phone's scanner tries more than one).
/// Only a verification link of this platform's form is accepted — <c>…/verify?id=…&amp;code=…</c> — and what comes back is
/// the local link to the verdict, so a code cannot send the kiosk anywhere else.
/// </summary>
public static class QrScan
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxPixels = 4096 * 4096;

    public sealed record Found(string Id, string Code, string Link);

    public static Outcome<Found> Read(ReadOnlySpan<byte> image)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return ValidationFailed.Single("image", Texts.T("must be a PNG or JPEG photo of the certificate's QR code"));
        }
        using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (bitmap is null)
        {
            return ValidationFailed.Single("image", Texts.T("must be a PNG or JPEG photo of the certificate's QR code"));
        }
        var source = new RGBLuminanceSource(bitmap.Bytes, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var hints = new Dictionary<DecodeHintType, object>
        {
            [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
            [DecodeHintType.TRY_HARDER] = true,
        };
        var text = (new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)
            ?? new MultiFormatReader().decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), hints))?.Text;
        return text is null ? ValidationFailed.Single("image", Texts.T("no certificate QR code was found in the picture; hold the code steady in front of the camera"))
            : Link(text) is { } found ? found
            : ValidationFailed.Single("image", Texts.T("this QR code is not a certificate verification code of this platform"));
    }

    /// <summary>The verification link a QR code carries, made local; null for anything else.</summary>
    public static Found? Link(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 500 || !Uri.TryCreate(new Uri("http://local"), text, out var uri) || !uri.AbsolutePath.Equals("/verify", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        var id = query.TryGetValue("id", out var ids) ? ids.ToString() : "";
        var code = query.TryGetValue("code", out var codes) ? codes.ToString() : "";
        if (id.Length is 0 or > 200 || code.Length is 0 or > 20 || TextInput.Problem(id) is not null || TextInput.Problem(code) is not null)
        {
            return null;
        }
        return new Found(id, code, $"/Verify?id={Uri.EscapeDataString(id)}&code={Uri.EscapeDataString(code)}");
    }
}
