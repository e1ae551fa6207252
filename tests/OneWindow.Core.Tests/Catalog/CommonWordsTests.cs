using OneWindow.Catalog;

namespace OneWindow.Core.Tests.Catalog;

public sealed class CommonWordsTests
{
    [Theory]
    [InlineData("生孩子", "出生")]
    [InlineData("开饭店", "餐饮")]
    [InlineData("孩子上学", "入学")]
    public void An_everyday_word_brings_the_catalogs_word(string said, string written)
    {
        var terms = CommonWords.Expand(said);

        Assert.Equal(said, terms[0]);
        Assert.Contains(written, terms);
    }

    [Fact]
    public void A_catalog_word_stays_alone()
    {
        Assert.Equal(["居住证明"], CommonWords.Expand("居住证明"));
    }
}
