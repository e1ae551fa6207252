using OneWindow.Catalog;
using OneWindow.Certificates;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>
/// Every certificate type of the shipped catalog, rendered with the longest values its form allows: the statement
/// reads in the committee's wording, every character stays on the page, and no line starts with closing
/// punctuation or ends with an opening bracket (checked on the text PdfPig extracts, line by line).
/// </summary>
public sealed class CertificateLayoutTests
{
    private static readonly byte[] Seal = SealImage.Render("正定县正定镇西关村民委员会");
    private static readonly byte[] Signature = SealImage.RenderDemoSignature("张三");

    // 50 letters with the middle dots that may not start a line.
    private const string LongName = "买买提·艾力·阿不都热合曼·吐尔逊·玉素甫·阿不力克木·热合曼·买买提明·艾力·阿卜杜拉·吾斯曼江木";

    public static TheoryData<string> CertificateItems() =>
        [.. CatalogDocument.Shipped().Items.Where(i => i.Output.Kind == OutputKind.Certificate).Select(i => i.Code)];

    [Theory]
    [MemberData(nameof(CertificateItems))]
    public void The_longest_certificate_of_each_type_stays_on_its_pages_and_breaks_lines_by_the_chinese_rules(string code)
    {
        var item = CatalogDocument.Shipped().Items.Single(i => i.Code == code);
        var values = item.Fields.ToDictionary(f => f.Name, Longest);
        values["relation"] = "child";
        values["purpose"] = string.Concat(Enumerable.Repeat("子女入学及办理居住证", 10))[..(item.Fields.SingleOrDefault(f => f.Name == "purpose")?.EffectiveMaxLength ?? 100)];
        var statement = item.Output.Wording?.Fill(item.Fields, values, LongName, "130123199001011234", "正定县正定镇西关村民委员会");
        var pdf = CertificatePdf.Render(Content(item, values, statement));

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var text = Compact(string.Concat(pages.SelectMany(p => p.Letters).Select(l => l.Value)));
        var body = Compact(string.Concat(pages.SelectMany(Lines)));
        foreach (var page in pages)
        {
            Assert.All(page.Letters, l => Assert.True(
                l.BoundingBox.Left >= 0 && l.BoundingBox.Right <= page.Width && l.BoundingBox.Bottom >= 0 && l.BoundingBox.Top <= page.Height,
                $"'{l.Value}' at {l.BoundingBox} is off page {page.Number}"));
            foreach (var line in Lines(page))
            {
                Assert.True(ChineseLines.MayStartLine(line[0]), $"a line starts with '{line[0]}': {line}");
                Assert.True(ChineseLines.MayEndLine(line[^1]), $"a line ends with '{line[^1]}': {line}");
            }
        }
        Assert.Contains(item.Name, text, StringComparison.Ordinal);
        if (statement is not null)
        {
            Assert.Contains(Compact(statement), body, StringComparison.Ordinal);
            Assert.StartsWith(Compact(values["recipient"]) + "：", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(Compact(LongName), text, StringComparison.Ordinal);
        }
        // The purpose once per page, in the watermark only.
        Assert.Equal(pages.Count, CountOf(text, Compact(values["purpose"])));
    }

    [Fact]
    public void The_residence_certificate_reads_as_a_committee_writes_it_for_oneself_and_for_a_child()
    {
        var item = CatalogDocument.Shipped().Items.Single(i => i.Code == "CERT-RESIDENCE");
        var values = new Dictionary<string, string>
        {
            ["purpose"] = "子女入学",
            ["relation"] = "self",
            ["address"] = "正定镇西关村三组12号",
            ["residentSince"] = "2015-03-01",
            ["housingType"] = "rented",
        };

        var own = item.Output.Wording!.Fill(item.Fields, values, "王大明", "130123198806121238", "正定县正定镇西关村民委员会");
        values["relation"] = "child";
        values["subjectName"] = "王小明";
        values["subjectIdNumber"] = "130123201503011239";
        var child = item.Output.Wording!.Fill(item.Fields, values, "王大明", "130123198806121238", "正定县正定镇西关村民委员会");
        var community = item.Output.Wording!.Fill(item.Fields, values, "王大明", "130123198806121238", "正定县城关镇南门居民委员会");

        Assert.Equal("兹证明王大明（公民身份号码：130123198806121238）自2015年3月1日起在本村居住至今，现居住地址为正定镇西关村三组12号，住房类型为租住。\n特此证明。", own);
        Assert.StartsWith("兹证明王小明（公民身份号码：130123201503011239）系王大明（公民身份号码：130123198806121238）的子女，自2015年3月1日起在本村居住至今", child, StringComparison.Ordinal);
        Assert.Contains("在本社区居住至今", community, StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_punctuation_brings_the_character_before_it_down_and_numbers_are_not_split()
    {
        using var font = new SKFont(Fonts.Regular, 14);
        var width = font.MeasureText("一二三四五六七八九十");
        var lines = ChineseLines.Break("一二三四五六七八九十。一二三四五六七（八九十一二三四五六七八九十一二，130123199001011234号。", width, 0, font).ToList();

        Assert.Equal("一二三四五六七八九", lines[0]);
        Assert.Equal("十。一二三四五六七", lines[1]);
        Assert.StartsWith("（八", lines[2], StringComparison.Ordinal);
        var wider = font.MeasureText("一二三四五六七八九十一二三四五");
        var number = ChineseLines.Break("一二三四五六七八九十一二三130123199001011234号。", wider, 0, font).ToList();
        Assert.Equal(["一二三四五六七八九十一二三", "130123199001011234号。"], number);
        Assert.All(lines, l => Assert.True(ChineseLines.MayStartLine(l[0]) && ChineseLines.MayEndLine(l[^1]), l));
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= width + 0.01f, l));
    }

    [Fact]
    public void A_wording_naming_an_unknown_field_is_refused_at_import()
    {
        var item = CatalogDocument.Shipped().Items.Single(i => i.Code == "CERT-RESIDENCE");
        var errors = new Common.FieldErrors();

        CatalogDocument.CheckItem(item with { Output = item.Output with { Wording = new CertificateWording("兹证明{holderName}{nickname}。") } }, "items[0]", errors);

        var messages = errors.ToFailure().AsFieldErrors("");
        Assert.Contains("nickname", string.Join(" ", messages["items[0].output.wording.self"]), StringComparison.Ordinal);
    }

    private static CertificatePdf.Content Content(ItemDocument item, Dictionary<string, string> values, string? statement) => new(
        item.Name, "1.2.156.3005.2.11130000MB0000000X.54130123MC79498054X.20265725779.001.B", LongName, "130123199001011234",
        [.. item.Fields.Where(f => f.Name != "purpose").Select(f => (f.Label, CertificateWording.Shown(f, values[f.Name])))],
        values["purpose"], DateTimeOffset.Parse("2027-03-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
        "正定县正定镇西关村民委员会", DateTimeOffset.Parse("2026-12-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
        "张三", Seal, Signature, "a.b.c", "http://127.0.0.1:5080/verify?id=1.2.156.3005.2.X&code=ABCDEFGHJKLM", "ABCD-EFGH-JKLM",
        statement, values.GetValueOrDefault("recipient"));

    /// <summary>The longest value the field accepts, in Chinese with punctuation where a text allows it.</summary>
    private static string Longest(FormField field) => field.Type switch
    {
        FieldType.Choice => field.Choices!.OrderByDescending(c => c.Label.Length).First().Value,
        FieldType.Date => "2015-03-01",
        FieldType.Number => (field.Max ?? 99_999_999m).ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldType.Boolean => "true",
        FieldType.IdNumber => "130123201503011239",
        FieldType.Uscc => "91130123MA0CXXXX0X",
        FieldType.Phone => "13912345678",
        FieldType.Email => "someone@example.org",
        _ => string.Concat(Enumerable.Repeat("正定镇西关村（三组），十二号院；", 400))[..field.EffectiveMaxLength],
    };

    /// <summary>The page's text lines, by baseline, in the body type (the watermark and the small print are left out).</summary>
    private static IEnumerable<string> Lines(Page page) => page.Letters
        .Where(l => Math.Abs(l.PointSize - 14) < 0.5 && l.Value.Trim().Length > 0)
        .GroupBy(l => Math.Round(l.StartBaseLine.Y))
        .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value)));

    private static string Compact(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
