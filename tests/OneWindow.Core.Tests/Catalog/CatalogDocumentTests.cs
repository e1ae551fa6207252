using System.Text.Json;
using OneWindow.Catalog;
using OneWindow.Common;

namespace OneWindow.Core.Tests.Catalog;

public sealed class CatalogDocumentTests
{
    private static readonly CatalogDocument s_shipped = CatalogDocument.Shipped();

    [Fact]
    public void The_shipped_catalog_is_valid_and_has_the_grassroots_certificates()
    {
        var types = s_shipped.Items.Where(i => i.Output.Kind == OutputKind.Certificate).Select(i => i.Output.CertificateType).ToHashSet();

        Assert.Contains("residence", types);
        Assert.Contains("no-criminal-record", types);
        Assert.Contains("family-economic-status", types);
    }

    [Fact]
    public void The_shipped_catalog_has_the_thirteen_national_key_bundles()
    {
        Assert.Equal(13, s_shipped.Bundles.Count(b => b.Batch == 1));
    }

    [Fact]
    public void The_newborn_bundle_orders_household_registration_after_the_birth_certificate()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var order = PrerequisiteGraph.Order(newborn.Items, newborn.Prerequisites).ToList();

        Assert.Contains(new Prerequisite("HOUSEHOLD-REG-BIRTH", "BIRTH-MEDICAL-CERT"), newborn.Prerequisites);
        Assert.True(order.IndexOf("BIRTH-MEDICAL-CERT") < order.IndexOf("HOUSEHOLD-REG-BIRTH"));
        Assert.True(order.IndexOf("HOUSEHOLD-REG-BIRTH") < order.IndexOf("MEDICAL-INSURANCE-ENROL"));
        Assert.Equal(6, newborn.TimeLimitDays);
    }

    [Fact]
    public void A_prerequisite_cycle_is_rejected_and_shown()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var cyclic = newborn with { Prerequisites = [.. newborn.Prerequisites, new Prerequisite("BIRTH-MEDICAL-CERT", "MEDICAL-INSURANCE-ENROL")] };

        var errors = Validate(s_shipped with { Bundles = [cyclic] });

        var cycle = Assert.Single(errors.Errors, e => e.Key.EndsWith(".prerequisites", StringComparison.Ordinal));
        Assert.Contains("形成循环", cycle.Value[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_to_a_missing_field_or_of_the_wrong_type_is_rejected()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var first = newborn.Fields[0];
        var broken = newborn with
        {
            Fields = [first with { MapsTo = [new FieldMapping(newborn.Items[0], "noSuchField")] }, .. newborn.Fields.Skip(1)],
        };

        var errors = Validate(s_shipped with { Bundles = [broken] });

        Assert.Contains(errors.Errors, e => e.Key == "bundles[0].fields[0].mapsTo[0]");
    }

    [Fact]
    public void A_required_item_field_that_no_form_field_fills_is_rejected()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var withoutFirst = newborn with { Fields = [.. newborn.Fields.Skip(1)] };

        var errors = Validate(s_shipped with { Bundles = [withoutFirst] });

        Assert.Contains(errors.Errors["bundles[0].fields"], m => m.Contains("既无统一表单的字段填写，也无结果流转填写", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_codes_and_time_limits_are_rejected()
    {
        var item = s_shipped.Items[0] with { Code = "lower case", TimeLimitDays = 0 };

        var errors = Validate(new CatalogDocument([item], []));

        Assert.Contains("items[0].code", errors.Errors.Keys);
        Assert.Contains("items[0].timeLimitDays", errors.Errors.Keys);
    }

    [Fact]
    public void Every_shipped_entry_names_its_audience_and_an_empty_or_repeated_one_is_rejected()
    {
        Assert.All(s_shipped.Items, i => Assert.NotEmpty(i.Audience!));
        Assert.All(s_shipped.Bundles, b => Assert.NotEmpty(b.Audience!));
        Assert.DoesNotContain(s_shipped.Bundles, b => b.Audience!.Contains(ApplicantKind.Staff));
        var item = s_shipped.Items[0] with { Audience = [] };
        var bundle = s_shipped.Bundles[0] with { Audience = [ApplicantKind.Enterprise, ApplicantKind.Enterprise] };

        var errors = Validate(new CatalogDocument([.. s_shipped.Items.Skip(1), item], [bundle]));

        Assert.Contains($"items[{s_shipped.Items.Count - 1}].audience", errors.Errors.Keys);
        Assert.Contains("bundles[0].audience", errors.Errors.Keys);
    }

    [Fact]
    public void An_entry_without_an_audience_is_for_residents()
    {
        var entity = (s_shipped.Items[0] with { Audience = null }).ToEntity();

        Assert.Equal([ApplicantKind.Resident], entity.Audience);
    }

    [Theory]
    [InlineData("VACCINATION-CERT", "birthCertificateNumber", "HOUSEHOLD-REG-BIRTH", "birthCertificateNumber", "才能接收其办理结果")]
    [InlineData("BIRTH-MEDICAL-CERT", "noSuchResult", "HOUSEHOLD-REG-BIRTH", "birthCertificateNumber", "声明的办理结果")]
    [InlineData("BIRTH-MEDICAL-CERT", "birthCertificateNumber", "HOUSEHOLD-REG-BIRTH", "noSuchField", "的字段")]
    [InlineData("HOUSEHOLD-REG-BIRTH", "childIdNumber", "SOCIAL-SECURITY-CARD", "contactPhone", "不一致")]
    [InlineData("HOUSEHOLD-REG-BIRTH", "childIdNumber", "MEDICAL-INSURANCE-ENROL", "guardianIdNumber", "已由统一表单或其他结果流转填写")]
    public void A_result_flow_must_run_forward_from_a_declared_result_into_an_unfilled_field_of_its_type(string from, string result, string to, string field, string complaint)
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var broken = newborn with { Flows = [.. newborn.Flows!, new ResultFlow(from, result, to, field)] };

        var errors = Validate(new CatalogDocument(s_shipped.Items, [broken]));

        var message = Assert.Single(errors.Errors[$"bundles[0].flows[{newborn.Flows!.Count}]"]);
        Assert.Contains(complaint, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_key_names_required_fields_of_the_unified_form_once()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var broken = newborn with { SubjectKey = ["motherIdNumber", "noSuchField", "motherIdNumber"] };

        var errors = Validate(new CatalogDocument(s_shipped.Items, [broken]));

        Assert.Contains("bundles[0].subjectKey[1]", errors.Errors.Keys);
        Assert.Contains("bundles[0].subjectKey", errors.Errors.Keys);
    }

    [Fact]
    public void A_required_field_filled_by_no_form_field_and_no_flow_is_rejected()
    {
        var newborn = s_shipped.Bundles.Single(b => b.Code == "NEWBORN");
        var broken = newborn with { Flows = [.. newborn.Flows!.Where(f => f.To != "HOUSEHOLD-REG-BIRTH")] };

        var errors = Validate(new CatalogDocument(s_shipped.Items, [broken]));

        Assert.Contains(errors.Errors["bundles[0].fields"], m => m.Contains("HOUSEHOLD-REG-BIRTH.birthCertificateNumber", StringComparison.Ordinal));
    }

    [Fact]
    public void A_material_proved_by_a_certificate_names_a_type_the_catalog_issues()
    {
        var index = s_shipped.Items.ToList().FindIndex(i => i.Code == "SCHOOL-ENROLMENT-APPLY");
        var school = s_shipped.Items[index];
        Assert.Contains(school.Materials, m => m.Certificate == "residence");
        var broken = school with { Materials = [.. school.Materials.Select(m => m.Certificate is null ? m : m with { Certificate = "moon-landing" })] };

        var errors = Validate(s_shipped with { Items = [.. s_shipped.Items.Select((item, i) => i == index ? broken : item)] });

        Assert.Contains(errors.Errors.Keys, k => k.StartsWith($"items[{index}].materials[", StringComparison.Ordinal) && k.EndsWith("].certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_format_round_trips()
    {
        var json = JsonSerializer.Serialize(s_shipped, JsonDefaults.Options);
        var parsed = CatalogDocument.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.True(parsed.Succeeded);
        Assert.Equal(json, JsonSerializer.Serialize(parsed.Value, JsonDefaults.Options));
    }

    private static ValidationFailed Validate(CatalogDocument document) =>
        Assert.IsType<ValidationFailed>(document.ValidateStandalone().Failure);
}
