using OneWindow.Common;
using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>Draws the usual red round seal: a ring, a five-pointed star, the unit's full name along the top arc.</summary>
public static class SealImage
{
    public const int Size = 360;

    public static byte[] Render(string unitName, string? bottomText = null)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        var red = new SKColor(0xD0, 0x10, 0x10);
        using var ring = new SKPaint { Color = red, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 12 };
        using var fill = new SKPaint { Color = red, IsAntialias = true, Style = SKPaintStyle.Fill };
        var center = Size / 2f;
        canvas.DrawCircle(center, center, center - 10, ring);
        canvas.DrawPath(Star(center, center, 52, 20), fill);

        // The name runs clockwise along the upper arc, one glyph at a time.
        var name = unitName.Length > 24 ? unitName[..24] : unitName;
        var fontSize = name.Length <= 12 ? 40f : 40f * 12 / name.Length + 6;
        using var font = new SKFont(Fonts.Regular, fontSize);
        var radius = center - 10 - 12 - (fontSize * 0.9f);
        var sweep = Math.Min(250f, name.Length * (fontSize * 1.1f) / radius * 180f / MathF.PI);
        for (var i = 0; i < name.Length; i++)
        {
            var angle = -90f - (sweep / 2) + (sweep * (i + 0.5f) / name.Length);
            canvas.Save();
            canvas.Translate(center, center);
            canvas.RotateDegrees(angle + 90);
            canvas.DrawText(name[i].ToString(), 0, -radius, SKTextAlign.Center, font, fill);
            canvas.Restore();
        }
        if (!string.IsNullOrEmpty(bottomText))
        {
            using var small = new SKFont(Fonts.Regular, 28);
            canvas.DrawText(bottomText, center, center + 110, SKTextAlign.Center, small, fill);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>A stand-in handwritten signature for demo reviewers: the name, slanted, in blue-black ink.</summary>
    public static byte[] RenderDemoSignature(string name)
    {
        using var surface = SKSurface.Create(new SKImageInfo(320, 120, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var ink = new SKPaint { Color = new SKColor(0x1B, 0x2A, 0x5C), IsAntialias = true };
        using var font = new SKFont(Fonts.Regular, 64) { SkewX = -0.35f, Embolden = true };
        canvas.DrawText(name, 160, 84, SKTextAlign.Center, font, ink);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKPath Star(float cx, float cy, float outer, float inner)
    {
        var path = new SKPathBuilder();
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var a = (-90 + (i * 36)) * MathF.PI / 180;
            var point = new SKPoint(cx + (r * MathF.Cos(a)), cy + (r * MathF.Sin(a)));
            if (i == 0)
            {
                path.MoveTo(point);
            }
            else
            {
                path.LineTo(point);
            }
        }
        path.Close();
        return path.Detach();
    }

    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes are a PNG that Skia can decode, within the size a seal or signature needs.</summary>
    public static bool IsAcceptableImage(byte[] bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length is 0 or > 512 * 1024)
        {
            problem = Texts.T("the image must be a PNG of at most 512 KB");
            return false;
        }
        if (!bytes.AsSpan().StartsWith(s_pngSignature))
        {
            problem = Texts.T("the file is not a PNG image");
            return false;
        }
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        if (codec is null)
        {
            problem = Texts.T("the PNG cannot be decoded");
            return false;
        }
        if (codec.Info.Width is < 32 or > 2000 || codec.Info.Height is < 16 or > 2000)
        {
            problem = Texts.T("the image must be 32–2000 px wide and 16–2000 px high");
            return false;
        }
        return true;
    }
}
