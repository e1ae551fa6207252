using System.Buffers;
using System.Buffers.Binary;

namespace OneWindow.Ledger;

/// <summary>
/// The log's entries are stored in bundles of <see cref="Width"/> consecutive entries, in the
/// entry-bundle format of C2SP tlog-tiles: each entry as a big-endian uint16 length followed by its
/// bytes. Bundle N holds entries 256·N to 256·N + 255; the last bundle may be partial and is
/// rewritten as entries arrive. Reading the whole log is then a scan of one row per 256 entries.
/// </summary>
public static class EntryBundle
{
    public const int Width = 256;

    /// <summary>The largest entry a uint16 length can describe.</summary>
    public const int MaxEntrySize = ushort.MaxValue;

    /// <summary>Appends one entry to a bundle being built.</summary>
    public static void Append(ArrayBufferWriter<byte> bundle, ReadOnlySpan<byte> entry)
    {
        if (entry.Length > MaxEntrySize)
        {
            throw new ArgumentException($"A log entry is at most {MaxEntrySize} bytes, not {entry.Length}.", nameof(entry));
        }
        var span = bundle.GetSpan(2 + entry.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)entry.Length);
        entry.CopyTo(span[2..]);
        bundle.Advance(2 + entry.Length);
    }

    /// <summary>Where each entry of a bundle lies (offset of its bytes, length).</summary>
    public static List<(int Offset, int Length)> Split(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<(int, int)>(Width);
        var offset = 0;
        while (offset < bundle.Length)
        {
            if (bundle.Length - offset < 2)
            {
                throw new InvalidDataException($"A log entry bundle ends inside the length of its entry {entries.Count}.");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle[offset..]);
            if (bundle.Length - offset - 2 < length)
            {
                throw new InvalidDataException($"A log entry bundle ends inside its entry {entries.Count} ({length} bytes announced, {bundle.Length - offset - 2} left).");
            }
            if (entries.Count == Width)
            {
                throw new InvalidDataException($"A log entry bundle holds more than {Width} entries.");
            }
            entries.Add((offset + 2, length));
            offset += 2 + length;
        }
        return entries;
    }

    /// <summary>The bundle that holds entry <paramref name="index"/>.</summary>
    public static long Of(long index) => index / Width;
}
