namespace OneWindow.Formats;

/// <summary>The outcome of validating an identifier: the value, or which rule failed and why.</summary>
public readonly record struct ValidationResult<T>(T? Value, string? Rule, string? Reason)
    where T : class
{
    public bool IsValid => Value is not null;

    public static ValidationResult<T> Ok(T value) => new(value, null, null);

    public static ValidationResult<T> Fail(string rule, string reason) => new(null, rule, reason);
}
