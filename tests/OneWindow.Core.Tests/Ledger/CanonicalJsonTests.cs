using System.Text;
using System.Text.Json;
using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void The_rfc_8785_example_canonicalizes_as_published()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;

        Assert.Equal(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            Canonical(input));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units_at_every_depth()
    {
        Assert.Equal("{\"a\":{\"A\":1,\"b\":2},\"b\":[{\"y\":1,\"z\":0}],\"é\":0}", Canonical("{\"é\":0,\"b\":[{\"z\":0,\"y\":1}],\"a\":{\"b\":2,\"A\":1}}"));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_use_the_ecmascript_form(double value, string expected)
    {
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
    }

    [Fact]
    public void Events_encode_the_same_whatever_the_time_zone()
    {
        var payload = JsonSerializer.SerializeToElement(new { b = 1, a = "x" });
        var utc = new LedgerEvent("t", "s", "a", new DateTimeOffset(2026, 11, 23, 7, 0, 0, 123, TimeSpan.Zero), payload);
        var beijing = utc with { Time = utc.Time.ToOffset(TimeSpan.FromHours(8)).AddTicks(5) };

        Assert.Equal(utc.Encode(), beijing.Encode());
        Assert.Equal(utc.Time, LedgerEvent.Decode(utc.Encode()).Time);
    }
}
