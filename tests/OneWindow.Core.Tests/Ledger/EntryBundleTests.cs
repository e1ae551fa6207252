using System.Buffers;
using System.Text;
using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

public sealed class EntryBundleTests
{
    private static List<byte[]> Entries(int n) => [.. Enumerable.Range(0, n).Select(i => i % 50 == 7 ? [] : Encoding.UTF8.GetBytes($"entry {i} {new string('e', i % 90)}"))];

    private static byte[] Bundle(IEnumerable<byte[]> entries)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var entry in entries)
        {
            EntryBundle.Append(writer, entry);
        }
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Entries_come_back_as_they_went_in_with_big_endian_uint16_lengths()
    {
        var entries = Entries(256);
        var bundle = Bundle(entries);

        var split = EntryBundle.Split(bundle);

        Assert.Equal(entries, split.Select(s => bundle[s.Offset..(s.Offset + s.Length)]));
        Assert.Equal(new byte[] { 0, (byte)entries[0].Length }, bundle[..2]);
    }

    [Fact]
    public void Truncated_or_overfull_bundles_and_oversized_entries_are_refused()
    {
        var bundle = Bundle(Entries(10));

        Assert.Throws<InvalidDataException>(() => EntryBundle.Split(bundle[..^1]));
        Assert.Throws<InvalidDataException>(() => EntryBundle.Split([.. bundle, 0x00]));
        Assert.Throws<InvalidDataException>(() => EntryBundle.Split(Bundle(Entries(257))));
        Assert.Throws<ArgumentException>(() => EntryBundle.Append(new ArrayBufferWriter<byte>(), new byte[EntryBundle.MaxEntrySize + 1]));
    }

    [Fact]
    public void A_batch_takes_a_bundle_whole_and_yields_each_entrys_leaf_preimage()
    {
        var entries = Entries(256);
        var bundle = Bundle(entries);
        using var batch = new EntryBatch();
        batch.Add(255, [1, 2, 3], []);

        batch.AddBundle(256, bundle, EntryBundle.Split(bundle), start: 260, end: 500);

        Assert.Equal(1 + 241, batch.Count);
        for (var i = 1; i < batch.Count; i++)
        {
            var index = batch.IndexAt(i);
            Assert.Equal(259 + i, index);
            Assert.Equal([0x00, .. entries[(int)index - 256]], batch.LeafPreimageAt(i).ToArray());
            Assert.Equal(entries[(int)index - 256], batch.InputAt(i).ToArray());
        }
        Assert.Equal(3 + entries.Skip(4).Take(241).Sum(e => (long)e.Length), batch.Bytes);
        Assert.Equal(new byte[] { 1, 2, 3 }, batch.InputAt(0).ToArray());
    }
}
