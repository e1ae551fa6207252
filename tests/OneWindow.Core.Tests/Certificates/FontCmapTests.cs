using System.Buffers.Binary;
using OneWindow.Certificates;

namespace OneWindow.Core.Tests.Certificates;

public sealed class FontCmapTests
{
    private static readonly byte[] s_shipped = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fonts", "NotoSansHans-Regular.otf"));

    private static Dictionary<int, int> Mapping(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            if (record[..4].SequenceEqual("cmap"u8))
            {
                return FontCmap.ReadUnicodeMapping(font.AsSpan((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..])));
            }
        }
        throw new InvalidDataException("no cmap");
    }

    [Fact]
    public void The_shipped_font_maps_radicals_to_the_same_glyphs_as_ideographs()
    {
        var before = Mapping(s_shipped);

        Assert.Equal(before[0x5B50], before[0x2F26]); // 子 and ⼦: the cause of the wrong text layer
    }

    [Fact]
    public void After_filtering_each_ideograph_keeps_its_glyph_and_no_alias_is_left()
    {
        var before = Mapping(s_shipped);
        var filtered = FontCmap.WithoutAliases(s_shipped);
        var after = Mapping(filtered);

        Assert.DoesNotContain(after.Keys, FontCmap.IsAlias);
        foreach (var c in "子入月日至民身人用自一小居住证明兹特此")
        {
            Assert.Equal(before[c], after[c]);
        }
        Assert.Equal(before.Count(e => !FontCmap.IsAlias(e.Key)), after.Count);
        Assert.NotNull(SkiaSharp.SKTypeface.FromData(SkiaSharp.SKData.CreateCopy(filtered)));
    }
}
