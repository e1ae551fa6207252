using System.Globalization;
using System.Text.RegularExpressions;
using OneWindow.Formats;

namespace OneWindow.Catalog;

/// <summary>The type of a form field; each has its own validation.</summary>
public enum FieldType
{
    Text,
    Number,
    Date,
    IdNumber,
    Uscc,
    Phone,
    Email,
    Choice,
    Boolean,
}

/// <summary>One option of a choice field.</summary>
public sealed record Choice(string Value, string Label, string LabelEn);

/// <summary>A field is required unless <paramref name="Field"/> holds one of <paramref name="Values"/>.</summary>
public sealed record RequiredUnless(string Field, IReadOnlyList<string> Values);

/// <summary>
/// Where a field's value can come from instead of being typed (免填单): field <see cref="Field"/> of the
/// applicant's own record of the shared data item <see cref="Item"/> (e.g. <c>police.household</c> · <c>address</c>),
/// read under a grant to a unit handling the matter, only after the applicant has seen and agreed to it.
/// </summary>
public sealed record SharedSource(string Item, string Field)
{
    private static readonly Regex s_item = new("^[a-z][a-z0-9-]{1,30}\\.[a-z][a-z0-9-]{1,60}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWellFormed => Item is not null && s_item.IsMatch(Item) && Field is not null && Field.Length is > 0 and <= 64;
}

/// <summary>A typed form field with its validation rules.</summary>
public record FormField
{
    private static readonly Regex s_name = new("^[a-z][A-Za-z0-9]{0,63}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex s_phone = new("^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex s_email = new(@"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public required string Name { get; init; }

    public required string Label { get; init; }

    public required string LabelEn { get; init; }

    public required FieldType Type { get; init; }

    public bool Required { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The length limit of a field whose catalog entry names none (declared once: the form and the API both use it).</summary>
    public const int DefaultMaxLength = 500;

    /// <summary>The limit the form shows and the API enforces.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveMaxLength => MaxLength ?? DefaultMaxLength;

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<Choice>? Choices { get; init; }

    /// <summary>For a date: it may not lie after today (a date something began, a birth date).</summary>
    public bool NotAfterToday { get; init; }

    /// <summary>Required unless another field holds one of some values (the child's name unless the relation is "self").</summary>
    public RequiredUnless? RequiredUnless { get; init; }

    /// <summary>The shared data that can fill this field, with the applicant's consent; null when it is always typed.</summary>
    public SharedSource? Source { get; init; }

    /// <summary>
    /// The form's value for <paramref name="value"/> read from shared data: a choice is matched by its value or
    /// by its label (a record saying 男 fills the choice whose label is 男); null when the value does not fit.
    /// </summary>
    public string? FromShared(string value, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = Type == FieldType.Choice
            ? Choices?.FirstOrDefault(c => c.Value == value || c.Label == value || string.Equals(c.LabelEn, value, StringComparison.OrdinalIgnoreCase))?.Value
            : Common.TextInput.Clean(value);
        return text is null || Validate(text, today) is not null ? null : text;
    }

    /// <summary>The cross-field rule: checks this field against the whole form.</summary>
    public string? ValidateWithin(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (RequiredUnless is not { } rule || !string.IsNullOrWhiteSpace(form.GetValueOrDefault(Name)))
        {
            return null;
        }
        var other = form.GetValueOrDefault(rule.Field);
        return other is not null && !rule.Values.Contains(other, StringComparer.Ordinal)
            ? Common.Texts.T("is required when {0} is {1}", rule.Field, other)
            : null;
    }

    /// <summary>Checks the definition itself; returns the problems found, each with its sub-path.</summary>
    public IEnumerable<(string Path, string Message)> CheckDefinition()
    {
        if (Name is null || !s_name.IsMatch(Name))
        {
            yield return ("name", Common.Texts.T("must be lowerCamelCase ASCII, at most 64 characters"));
        }
        if (string.IsNullOrWhiteSpace(Label) || string.IsNullOrWhiteSpace(LabelEn))
        {
            yield return ("label", Common.Texts.T("label and labelEn are required"));
        }
        if (MinLength is < 0 || MaxLength is < 1 || (MinLength is { } lo && MaxLength is { } hi && lo > hi))
        {
            yield return ("maxLength", Common.Texts.T("length bounds must satisfy 0 <= minLength <= maxLength"));
        }
        if (Min is { } min && Max is { } max && min > max)
        {
            yield return ("max", Common.Texts.T("min must not exceed max"));
        }
        if (Source is { IsWellFormed: false })
        {
            yield return ("source", Common.Texts.T("names a shared data item as department.item and one of its fields"));
        }
        if (Pattern is not null)
        {
            string? error = null;
            try
            {
                _ = new Regex(Pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
            }
            if (error is not null)
            {
                yield return ("pattern", Common.Texts.T("is not a valid regular expression: {0}", error));
            }
        }
        if (Type == FieldType.Choice)
        {
            if (Choices is null || Choices.Count == 0)
            {
                yield return ("choices", Common.Texts.T("a choice field needs at least one choice"));
            }
            else if (Choices.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() != Choices.Count)
            {
                yield return ("choices", Common.Texts.T("choice values must be unique"));
            }
        }
    }

    /// <summary>Validates a submitted value; null when it is acceptable, else the reason.</summary>
    public string? Validate(string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Required ? Common.Texts.T("is required") : null;
        }
        value = Common.TextInput.Clean(value);
        if (Common.TextInput.Problem(value) is { } textProblem)
        {
            return textProblem;
        }
        var typeError = Type switch
        {
            FieldType.Text => null,
            FieldType.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                ? (Min is { } min && n < min ? Common.Texts.T("must be at least {0}", min) : Max is { } max && n > max ? Common.Texts.T("must be at most {0}", max) : null)
                : Common.Texts.T("must be a number"),
            FieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? (NotAfterToday && date > today ? Common.Texts.T("must not be in the future") : date.Year < 1800 ? Common.Texts.T("must be a date after 1800") : null)
                : Common.Texts.T("must be a date (yyyy-mm-dd)"),
            FieldType.IdNumber => ResidentIdNumber.Parse(value, today) is { IsValid: false } id ? Common.Texts.T("is not a valid identity number: {0}", id.Reason!) : null,
            FieldType.Uscc => UnifiedSocialCreditCode.Parse(value) is { IsValid: false } code ? Common.Texts.T("is not a valid unified social credit code: {0}", code.Reason!) : null,
            FieldType.Phone => s_phone.IsMatch(value) ? null : Common.Texts.T("must be an 11-digit mobile number"),
            FieldType.Email => s_email.IsMatch(value) ? null : Common.Texts.T("must be an email address"),
            FieldType.Choice => Choices?.Any(c => c.Value == value) == true ? null : Common.Texts.T("is not one of the choices"),
            FieldType.Boolean => value is "true" or "false" ? null : Common.Texts.T("must be true or false"),
        };
        if (typeError is not null)
        {
            return typeError;
        }
        if (MinLength is { } minLength && value.Length < minLength)
        {
            return Common.Texts.T("must be at least {0} characters", minLength);
        }
        if (value.Length > EffectiveMaxLength)
        {
            return Common.Texts.T("must be at most {0} characters", EffectiveMaxLength);
        }
        if (Pattern is not null && !Regex.IsMatch(value, Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return Common.Texts.T("has the wrong format");
        }
        return null;
    }
}
