namespace OneWindow.Catalog;

/// <summary>
/// The everyday words people type for a matter and the catalog's word for it (生孩子 → 出生, 开饭店 → 餐饮): a search
/// for the everyday word also finds what the catalog names or describes with the official one.
/// </summary>
public static class CommonWords
{
    private static readonly (string Said, string Written)[] Pairs =
    [
        ("生孩子", "出生"), ("生小孩", "出生"), ("新生儿", "出生"), ("宝宝", "出生"), ("上户口", "户口"), ("落户", "户口"),
        ("上学", "入学"), ("读书", "入学"), ("转学", "入学"),
        ("饭店", "餐饮"), ("饭馆", "餐饮"), ("开店", "开办"), ("小吃", "餐饮"),
        ("看病", "医疗"), ("医药费", "医疗费用"), ("报销", "报销"),
        ("养老金", "养老保险"), ("退休金", "养老保险"),
        ("残疾", "残疾"), ("社保卡", "社会保障卡"), ("医保", "医疗保险"),
        ("公司", "企业"), ("注销公司", "注销"), ("搬家", "迁移"),
        ("开证明", "证明"), ("住址证明", "居住证明"),
    ];

    /// <summary>The term itself and the catalog's words for what it says, at most a few.</summary>
    public static IReadOnlyList<string> Expand(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var terms = new List<string> { term };
        foreach (var (said, written) in Pairs)
        {
            if (term.Contains(said, StringComparison.Ordinal) && !terms.Contains(written))
            {
                terms.Add(written);
            }
        }
        return terms.Take(4).ToList();
    }
}
