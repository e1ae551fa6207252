using OneWindow.Catalog;

namespace OneWindow.Core.Tests.Catalog;

public sealed class FormFieldTests
{
    private static readonly DateOnly s_today = new(2026, 11, 23);

    private static FormField Field(FieldType type, bool required = true) => new() { Name = "f", Label = "字段", LabelEn = "Field", Type = type, Required = required };

    [Fact]
    public void A_text_field_without_a_declared_limit_still_has_one()
    {
        var field = Field(FieldType.Text);

        Assert.Null(field.Validate(new string('字', FormField.DefaultMaxLength), s_today));
        Assert.Contains("500", field.Validate(new string('字', FormField.DefaultMaxLength + 1), s_today), StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_that_may_not_lie_ahead_and_fields_required_unless_another_holds_a_value()
    {
        var since = Field(FieldType.Date) with { NotAfterToday = true };
        var child = Field(FieldType.Text, required: false) with { Name = "subjectName", RequiredUnless = new RequiredUnless("relation", ["self"]) };

        Assert.Null(since.Validate("2026-11-23", s_today));
        Assert.Equal(OneWindow.Common.Texts.T("must not be in the future"), since.Validate("2026-11-24", s_today));
        Assert.Null(child.ValidateWithin(new Dictionary<string, string> { ["relation"] = "self" }));
        Assert.NotNull(child.ValidateWithin(new Dictionary<string, string> { ["relation"] = "child" }));
        Assert.Null(child.ValidateWithin(new Dictionary<string, string> { ["relation"] = "child", ["subjectName"] = "张小明" }));
    }

    [Theory]
    [InlineData(FieldType.Text, "anything", true)]
    [InlineData(FieldType.Number, "12.5", true)]
    [InlineData(FieldType.Number, "twelve", false)]
    [InlineData(FieldType.Date, "2024-02-29", true)]
    [InlineData(FieldType.Date, "2023-02-29", false)]
    [InlineData(FieldType.IdNumber, "11010519491231002X", true)]
    [InlineData(FieldType.IdNumber, "110105194912310021", false)]
    [InlineData(FieldType.Uscc, "91350100M000100Y43", true)]
    [InlineData(FieldType.Uscc, "91350100M000100Y44", false)]
    [InlineData(FieldType.Phone, "13800000000", true)]
    [InlineData(FieldType.Phone, "12800000000", false)]
    [InlineData(FieldType.Email, "a@example.org", true)]
    [InlineData(FieldType.Email, "not-an-email", false)]
    [InlineData(FieldType.Boolean, "true", true)]
    [InlineData(FieldType.Boolean, "yes", false)]
    public void Each_type_validates_its_values(FieldType type, string value, bool valid)
    {
        Assert.Equal(valid, Field(type).Validate(value, s_today) is null);
    }

    [Fact]
    public void Required_fields_must_be_filled_and_optional_ones_may_be_empty()
    {
        Assert.NotNull(Field(FieldType.Text).Validate("  ", s_today));
        Assert.Null(Field(FieldType.Text, required: false).Validate(null, s_today));
    }

    [Fact]
    public void Length_pattern_and_choices_are_enforced()
    {
        var text = Field(FieldType.Text) with { MaxLength = 3, Pattern = "^[a-z]+$" };
        var choice = Field(FieldType.Choice) with { Choices = [new Choice("a", "甲", "A")] };

        Assert.NotNull(text.Validate("abcd", s_today));
        Assert.NotNull(text.Validate("AB", s_today));
        Assert.Null(text.Validate("ab", s_today));
        Assert.Null(choice.Validate("a", s_today));
        Assert.NotNull(choice.Validate("b", s_today));
    }

    [Fact]
    public void Broken_definitions_are_reported()
    {
        var broken = Field(FieldType.Choice) with { Name = "Bad Name", Pattern = "([", MinLength = 5, MaxLength = 2 };

        var problems = broken.CheckDefinition().Select(p => p.Path).ToList();

        Assert.Contains("name", problems);
        Assert.Contains("pattern", problems);
        Assert.Contains("maxLength", problems);
        Assert.Contains("choices", problems);
    }
}
