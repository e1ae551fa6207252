using System.IO.Compression;
using System.Text;
using OneWindow.Common;
using OneWindow.Divisions;

namespace OneWindow.Core.Tests.Divisions;

public sealed class DivisionCsvTests
{
    private static Outcome<IReadOnlyList<Division>> Read(string csv, bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (gzip)
        {
            var packed = new MemoryStream();
            using (var zip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }
            bytes = packed.ToArray();
        }
        return DivisionCsv.Read(new MemoryStream(bytes));
    }

    [Fact]
    public void The_shipped_data_is_complete_for_hebei_and_to_county_level_nationally()
    {
        var all = DivisionCsv.Shipped();
        var hebei = all.Where(d => d.Code.StartsWith("13", StringComparison.Ordinal)).ToList();

        Assert.Equal(31, all.Count(d => d.Level == DivisionLevel.Province));
        Assert.True(all.Count(d => d.Level == DivisionLevel.County) > 2800);
        Assert.Equal(11, hebei.Count(d => d.Level == DivisionLevel.City));
        Assert.Equal(54_145, hebei.Count(d => d.Level == DivisionLevel.Village));
        Assert.Equal(all.Count(d => d.Level == DivisionLevel.Village), hebei.Count(d => d.Level == DivisionLevel.Village));
    }

    [Fact]
    public void Plain_and_gzipped_files_read_the_same()
    {
        const string csv = "code,level,name,parent\n130000000000,province,河北省,\n130100000000,city,石家庄市,130000000000\n";

        Assert.Equal(2, Read(csv).Value!.Count);
        Assert.Equal(2, Read(csv, gzip: true).Value!.Count);
    }

    [Theory]
    [InlineData("code,name\n", "line 1")]
    [InlineData("code,level,name,parent\n13000000000,province,河北省,\n", "line 2")]
    [InlineData("code,level,name,parent\n130000000000,planet,河北省,\n", "line 2")]
    [InlineData("code,level,name,parent\n130100000000,city,石家庄市,130000000000\n", "line 2")]
    [InlineData("code,level,name,parent\n130000000000,province,河北省,\n140100000000,city,太原市,130000000000\n", "line 3")]
    [InlineData("code,level,name,parent\n130000000000,province,河北省,\n130000000000,province,河北省,\n", "line 3")]
    [InlineData("code,level,name,parent\n130000000000,province,\"河北省,\n", "line 2")]
    public void Bad_rows_are_reported_by_line(string csv, string line)
    {
        var failure = Assert.IsType<ValidationFailed>(Read(csv).Failure);

        Assert.Contains(line, failure.Errors.Keys);
    }

    [Fact]
    public void A_parent_already_loaded_is_accepted()
    {
        var read = DivisionCsv.Read(
            new MemoryStream(Encoding.UTF8.GetBytes("code,level,name,parent\n110105001000,township,测试街道,110105000000\n")),
            code => code == "110105000000" ? DivisionLevel.County : null);

        Assert.True(read.Succeeded, read.Failure?.Detail);
    }

    [Theory]
    [InlineData("130000000000", "13")]
    [InlineData("130100000000", "1301")]
    [InlineData("130123000000", "130123")]
    [InlineData("130123100000", "130123100")]
    [InlineData("130123100201", "130123100201")]
    public void A_codes_scope_prefix_is_read_off_the_code(string code, string prefix)
    {
        Assert.Equal(prefix, Division.ScopePrefix(code));
    }
}
