using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>The Chinese font shipped with the platform (Noto Sans SC, OFL): Skia finds no system fonts.</summary>
public static class Fonts
{
    private static readonly Lazy<SKTypeface> s_regular = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fonts", "NotoSansHans-Regular.otf");
        return SKTypeface.FromFile(path) ?? throw new InvalidOperationException($"The certificate font is missing: {path}");
    });

    public static SKTypeface Regular => s_regular.Value;
}
