using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>The Chinese font shipped with the platform (Noto Sans SC, OFL): Skia finds no system fonts. Its character map is cleaned of radical and compatibility aliases when loaded.</summary>
public static class Fonts
{
    private static readonly Lazy<SKTypeface> s_regular = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fonts", "NotoSansHans-Regular.otf");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The certificate font is missing: {path}");
        }
        // Each glyph reachable from its ordinary ideograph only, so the PDF text layer reads 子, not ⼦.
        using var data = SKData.CreateCopy(FontCmap.WithoutAliases(File.ReadAllBytes(path)));
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The certificate font cannot be loaded: {path}");
    });

    public static SKTypeface Regular => s_regular.Value;
}
