using System.Text;
using System.Text.Json.Nodes;
using OneWindow.Catalog;
using OneWindow.DataSharing;
using OneWindow.Formats;
using OneWindow.Proactive;

namespace OneWindow.Core.Tests.Proactive;

/// <summary>
/// Benefit rules (免申即享) are data: the shipped three load and make sense against the shipped catalog and shared data;
/// a malformed rule is refused with the rule and the reason; the engine grants exactly when every condition holds and
/// says what it saw.
/// </summary>
public sealed class BenefitRulesTests
{
    private static readonly IReadOnlyDictionary<string, ItemDocument> Items = CatalogDocument.Shipped().Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, SharedDataItem> Data = SharedDataItems.Shipped().ToDictionary(i => i.Code, StringComparer.Ordinal);
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static string Id(string birth)
    {
        var body = "130123" + birth + "123";
        return body + ResidentIdNumber.CheckCharacter(body);
    }

    private static OneWindow.Common.Outcome<RuleSet> Parse(string json) => BenefitRules.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static string Rule(string on = """{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", string subject = "motherIdNumber",
        string when = """[{ "data": "insurance.enrolment", "field": "maternityInsured", "equalTo": true }]""",
        string grant = """{ "item": "MATERNITY-ALLOWANCE", "fields": { "insuredIdNumber": "motherIdNumber" } }""", string code = "test-rule") =>
        $$"""{ "rules": [ { "code": "{{code}}", "name": "测试", "nameEn": "Test", "source": "测试来源", "on": {{on}}, "subject": "{{subject}}", "when": {{when}}, "grant": {{grant}} } ] }""";

    [Fact]
    public void The_shipped_rules_load_and_name_only_what_the_catalog_and_shared_data_have()
    {
        var rules = BenefitRules.Shipped();
        Assert.Equal(["maternity-allowance-on-birth", "elderly-allowance-at-80", "disability-living-subsidy-on-certificate"], rules.Rules.Select(r => r.Code));
        Assert.All(rules.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        var checkedRules = BenefitRules.Check(rules, Items, Data);
        Assert.True(checkedRules.Succeeded, string.Join("; ", checkedRules.Failure?.AsFieldErrors("rules").SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")) ?? []));
    }

    [Theory]
    [InlineData("""{ "kind": "task-approved" }""", "motherIdNumber", """[{ "ageAtLeast": 80 }]""", "rules[0](test-rule).on")] // an approval names its item
    [InlineData("""{ "kind": "scan" }""", "idNumber", """[{ "ageAtLeast": 80 }]""", "rules[0](test-rule).on")] // a scan names its data
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "data": "insurance.enrolment", "field": "status", "equals": "参保缴费" }]""", "rules[0](test-rule).when[0]")] // a comparison the rules do not know
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "data": "insurance.enrolment", "field": "status", "ageAtLeast": 80 }]""", "rules[0](test-rule).when[0]")] // two kinds of condition at once
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", "[]", "rules[0](test-rule).when")] // no condition
    [InlineData("""{ "kind": "task-approved", "item": "household-reg-birth" }""", "motherIdNumber", """[{ "ageAtLeast": 80 }]""", "rules[0](test-rule).on.item")] // not an item code
    public void A_rule_that_breaks_the_schema_is_refused_with_the_rule_and_where(string on, string subject, string when, string at)
    {
        var parsed = Parse(Rule(on, subject, when));
        Assert.False(parsed.Succeeded);
        var errors = parsed.Failure!.AsFieldErrors("rules");
        Assert.True(errors.ContainsKey(at), string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.All(errors.Values.SelectMany(v => v), m => Assert.DoesNotMatch("[A-Za-z]{4,}", m)); // said in Chinese, not the schema library's English
    }

    [Fact]
    public void A_file_that_is_not_json_or_names_a_rule_twice_is_refused()
    {
        Assert.True(Parse("{ rules: ").Failure!.AsFieldErrors("rules").ContainsKey("rules"));
        var twice = Rule().Replace("] }", ", " + Rule()[(Rule().IndexOf('[', StringComparison.Ordinal) + 1)..^3] + "] }", StringComparison.Ordinal);
        Assert.True(Parse(twice).Failure!.AsFieldErrors("rules").ContainsKey("rules.test-rule"));
    }

    [Theory]
    [InlineData("""{ "kind": "task-approved", "item": "NO-SUCH-ITEM" }""", "motherIdNumber", """[{ "ageAtLeast": 80 }]""", """{ "item": "MATERNITY-ALLOWANCE" }""", "rules.test-rule.on.item")]
    [InlineData("""{ "kind": "scan", "data": "police.nothing" }""", "idNumber", """[{ "ageAtLeast": 80 }]""", """{ "item": "ELDERLY-ALLOWANCE" }""", "rules.test-rule.on.data")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "grandmotherIdNumber", """[{ "ageAtLeast": 80 }]""", """{ "item": "MATERNITY-ALLOWANCE" }""", "rules.test-rule.subject")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "data": "insurance.enrolment", "field": "salary" }]""", """{ "item": "MATERNITY-ALLOWANCE" }""", "rules.test-rule.when[0].field")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "data": "tax.income", "field": "salary" }]""", """{ "item": "MATERNITY-ALLOWANCE" }""", "rules.test-rule.when[0].data")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "value": "shoeSize" }]""", """{ "item": "MATERNITY-ALLOWANCE" }""", "rules.test-rule.when[0].value")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "ageAtLeast": 18 }]""", """{ "item": "NO-SUCH-BENEFIT" }""", "rules.test-rule.grant.item")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "ageAtLeast": 18 }]""", """{ "item": "MATERNITY-ALLOWANCE", "fields": { "shoeSize": "motherName" } }""", "rules.test-rule.grant.fields.shoeSize")]
    [InlineData("""{ "kind": "task-approved", "item": "HOUSEHOLD-REG-BIRTH" }""", "motherIdNumber", """[{ "ageAtLeast": 18 }]""", """{ "item": "MATERNITY-ALLOWANCE", "fields": { "insuredName": "auntName" } }""", "rules.test-rule.grant.fields.insuredName")]
    public void A_rule_naming_what_does_not_exist_is_refused_with_the_rule_and_where(string on, string subject, string when, string grant, string at)
    {
        var parsed = Parse(Rule(on, subject, when, grant));
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Failure?.AsFieldErrors("rules").Keys ?? []));
        var errors = BenefitRules.Check(parsed.Value!, Items, Data).Failure!.AsFieldErrors("rules");
        Assert.True(errors.ContainsKey(at), string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
    }

    private sealed class Records(Dictionary<(string Item, string Subject), JsonObject> records) : ISubjectData
    {
        public JsonObject? Current(string item, string subjectIdNumber) => records.GetValueOrDefault((item, subjectIdNumber));
    }

    [Fact]
    public void A_birth_grants_the_maternity_allowance_only_when_the_mother_is_insured_and_paying_and_says_what_it_saw()
    {
        var engine = new RuleEngine(BenefitRules.Shipped());
        var insured = Id("19950402");
        var notInsured = Id("19960503");
        var unknown = Id("19970604");
        var data = new Records(new()
        {
            [("insurance.enrolment", insured)] = new JsonObject { ["scheme"] = "职工基本医疗保险", ["enrolledSince"] = "2020-01-01", ["status"] = "参保缴费", ["maternityInsured"] = true },
            [("insurance.enrolment", notInsured)] = new JsonObject { ["scheme"] = "城乡居民基本医疗保险", ["enrolledSince"] = "2020-01-01", ["status"] = "参保缴费", ["maternityInsured"] = false },
        });
        RuleEvent Birth(string mother) => new($"case-1/task-{mother}", TriggerKind.TaskApproved, "HOUSEHOLD-REG-BIRTH",
            new Dictionary<string, string> { ["motherIdNumber"] = mother, ["motherName"] = "王芳", ["birthDate"] = "2026-11-20", ["childName"] = "李小宝" });

        Assert.True(engine.Listens(TriggerKind.TaskApproved, "HOUSEHOLD-REG-BIRTH"));
        Assert.False(engine.Listens(TriggerKind.TaskApproved, "CERT-RESIDENCE"));
        Assert.Empty(engine.Evaluate(new RuleEvent("x", TriggerKind.TaskApproved, "CERT-RESIDENCE", new Dictionary<string, string>()), data, Today));

        var granted = Assert.Single(engine.Evaluate(Birth(insured), data, Today));
        Assert.True(granted.Grants);
        Assert.Equal(insured, granted.Subject);
        Assert.Equal(new Dictionary<string, string> { ["insuredName"] = "王芳", ["insuredIdNumber"] = insured, ["deliveryDate"] = "2026-11-20" }, granted.Fields);
        Assert.Equal([("insurance.enrolment.maternityInsured", "true", true), ("insurance.enrolment.status", "参保缴费", true)], granted.Observed.Select(o => (o.Read, o.Seen, o.Held)));

        var refused = Assert.Single(engine.Evaluate(Birth(notInsured), data, Today));
        Assert.False(refused.Grants);
        Assert.Empty(refused.Fields);
        Assert.Equal(("false", false), (refused.Observed[0].Seen, refused.Observed[0].Held));

        var noRecord = Assert.Single(engine.Evaluate(Birth(unknown), data, Today));
        Assert.False(noRecord.Grants);
        Assert.All(noRecord.Observed, o => Assert.Null(o.Seen));
    }

    [Fact]
    public void The_elderly_allowance_reaches_a_person_on_their_eightieth_birthday_and_not_the_day_before()
    {
        var engine = new RuleEngine(BenefitRules.Shipped());
        var born = Id("19461203");
        var tomorrow = Id("19461204");
        var data = new Records(new()
        {
            [("police.household", born)] = new JsonObject { ["name"] = "张大爷", ["idNumber"] = born, ["divisionCode"] = "130123100201" },
            [("police.household", tomorrow)] = new JsonObject { ["name"] = "赵奶奶", ["idNumber"] = tomorrow, ["divisionCode"] = "130123100201" },
        });
        RuleEvent Scanned(string id, string name) => new(RuleEvent.ScanId, TriggerKind.Scan, "police.household",
            new Dictionary<string, string> { ["idNumber"] = id, ["name"] = name, ["divisionCode"] = "130123100201" });

        var eighty = Assert.Single(engine.Evaluate(Scanned(born, "张大爷"), data, Today));
        Assert.True(eighty.Grants);
        Assert.Equal("80", eighty.Observed[0].Seen);
        Assert.Equal("张大爷", eighty.Fields["applicantName"]);
        var seventyNine = Assert.Single(engine.Evaluate(Scanned(tomorrow, "赵奶奶"), data, Today));
        Assert.False(seventyNine.Grants);
        Assert.Equal("79", seventyNine.Observed[0].Seen);
        Assert.True(Assert.Single(engine.Evaluate(Scanned(tomorrow, "赵奶奶"), data, Today.AddDays(1))).Grants);
    }

    [Fact]
    public void A_disabled_rule_is_not_evaluated_and_an_event_without_its_subject_grants_nothing()
    {
        var shipped = BenefitRules.Shipped();
        var off = new RuleEngine(new RuleSet([.. shipped.Rules.Select(r => r with { Enabled = r.Code != "maternity-allowance-on-birth" })]));
        Assert.False(off.Listens(TriggerKind.TaskApproved, "HOUSEHOLD-REG-BIRTH"));
        var engine = new RuleEngine(shipped);
        var nobody = Assert.Single(engine.Evaluate(new RuleEvent("e", TriggerKind.TaskApproved, "HOUSEHOLD-REG-BIRTH", new Dictionary<string, string> { ["motherName"] = "王芳" }), new Records([]), Today));
        Assert.False(nobody.Grants);
        Assert.Null(nobody.Subject);
    }
}
