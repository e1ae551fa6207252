using System.Buffers.Binary;

namespace OneWindow.Certificates;

/// <summary>
/// Rewrites an OpenType font's character map so that each CJK glyph is reached from its ordinary
/// ideograph only. CJK fonts also map the Kangxi radicals (U+2F00–U+2FDF), the CJK radicals supplement
/// (U+2E80–U+2EFF) and the compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) to the same glyphs;
/// a PDF writer that derives the text layer from the glyphs may then pick ⼦ (U+2F26) for 子 (U+5B50),
/// and copy-paste and screen readers get the wrong text. Pure: bytes in, bytes out.
/// </summary>
public static class FontCmap
{
    /// <summary>Code point ranges that alias ordinary ideographs' glyphs.</summary>
    public static readonly (int First, int Last)[] AliasRanges = [(0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)];

    public static bool IsAlias(int codePoint) => AliasRanges.Any(r => codePoint >= r.First && codePoint <= r.Last);

    /// <summary>The font with a cmap of one Unicode (3,10) format-12 subtable without the alias code points; DSIG dropped (it no longer matches).</summary>
    public static byte[] WithoutAliases(byte[] font)
    {
        ArgumentNullException.ThrowIfNull(font);
        var tables = ReadDirectory(font);
        var (cmapOffset, cmapLength) = tables["cmap"];
        var mapping = ReadUnicodeMapping(font.AsSpan(cmapOffset, cmapLength));
        foreach (var alias in mapping.Keys.Where(IsAlias).ToList())
        {
            mapping.Remove(alias);
        }
        var replaced = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (tag, (offset, length)) in tables)
        {
            if (tag != "DSIG")
            {
                replaced[tag] = tag == "cmap" ? BuildCmap(mapping) : font.AsSpan(offset, length).ToArray();
            }
        }
        return Assemble(BinaryPrimitives.ReadUInt32BigEndian(font), replaced);
    }

    /// <summary>The code point → glyph map of the font's best Unicode subtable (format 12 if present, else format 4).</summary>
    public static Dictionary<int, int> ReadUnicodeMapping(ReadOnlySpan<byte> cmap)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int? format12 = null, format4 = null;
        for (var i = 0; i < count; i++)
        {
            var record = cmap.Slice(4 + (8 * i), 8);
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            var encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            if (format == 12 && ((platform == 3 && encoding == 10) || platform == 0))
            {
                format12 ??= offset;
            }
            else if (format == 4 && ((platform == 3 && encoding == 1) || platform == 0))
            {
                format4 ??= offset;
            }
        }
        var map = new Dictionary<int, int>();
        if (format12 is { } at12)
        {
            var groups = BinaryPrimitives.ReadUInt32BigEndian(cmap[(at12 + 12)..]);
            for (var g = 0; g < groups; g++)
            {
                var group = cmap.Slice(at12 + 16 + (12 * g), 12);
                var start = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
                var end = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                var glyph = (int)BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                for (var c = start; c <= end; c++)
                {
                    map[c] = glyph + (c - start);
                }
            }
            return map;
        }
        if (format4 is not { } at4)
        {
            throw new InvalidDataException("The font has no Unicode character map.");
        }
        var segments = BinaryPrimitives.ReadUInt16BigEndian(cmap[(at4 + 6)..]) / 2;
        var ends = at4 + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            var end = BinaryPrimitives.ReadUInt16BigEndian(cmap[(ends + (2 * s))..]);
            var start = BinaryPrimitives.ReadUInt16BigEndian(cmap[(starts + (2 * s))..]);
            var delta = BinaryPrimitives.ReadInt16BigEndian(cmap[(deltas + (2 * s))..]);
            var rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(cmap[(rangeOffsets + (2 * s))..]);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(cmap[at..]);
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0)
                {
                    map[c] = glyph;
                }
            }
        }
        return map;
    }

    private static byte[] BuildCmap(Dictionary<int, int> mapping)
    {
        var groups = new List<(int Start, int End, int Glyph)>();
        foreach (var c in mapping.Keys.Order())
        {
            var glyph = mapping[c];
            if (groups.Count > 0 && groups[^1].End == c - 1 && groups[^1].Glyph + (c - groups[^1].Start) == glyph)
            {
                groups[^1] = groups[^1] with { End = c };
            }
            else
            {
                groups.Add((c, c, glyph));
            }
        }
        var subtableLength = 16 + (12 * groups.Count);
        var cmap = new byte[4 + 8 + subtableLength];
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(0), 0);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(6), 10);
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(8), 12);
        var sub = cmap.AsSpan(12);
        BinaryPrimitives.WriteUInt16BigEndian(sub, 12);
        BinaryPrimitives.WriteUInt32BigEndian(sub[4..], (uint)subtableLength);
        BinaryPrimitives.WriteUInt32BigEndian(sub[12..], (uint)groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var at = sub[(16 + (12 * g))..];
            BinaryPrimitives.WriteUInt32BigEndian(at, (uint)groups[g].Start);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)groups[g].End);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], (uint)groups[g].Glyph);
        }
        return cmap;
    }

    private static Dictionary<string, (int Offset, int Length)> ReadDirectory(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        return tables;
    }

    private static byte[] Assemble(uint version, SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        var headerLength = 12 + (16 * count);
        var total = headerLength + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var font = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(font, version);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)((count * 16) - searchRange));
        var offset = headerLength;
        var i = 0;
        var headOffset = -1;
        foreach (var (tag, data) in tables)
        {
            if (tag == "head")
            {
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 0); // checkSumAdjustment is set below
                headOffset = offset;
            }
            var record = font.AsSpan(12 + (16 * i), 16);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(font, offset);
            offset += (data.Length + 3) & ~3;
            i++;
        }
        if (headOffset >= 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(font)));
        }
        return font;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }
            sum = unchecked(sum + word);
        }
        return sum;
    }
}
