namespace OneWindow.Common;

/// <summary>An expected failure of a use case; hosts map each kind to one HTTP status or exit code.</summary>
public abstract record Failure(string Title, string Detail)
{
    /// <summary>Field errors for a form: a validation failure's own, otherwise the detail under <paramref name="field"/>.</summary>
    public virtual IReadOnlyDictionary<string, string[]> AsFieldErrors(string field) =>
        new Dictionary<string, string[]> { [field] = [Detail] };
}

/// <summary>Input broke one or more rules; <see cref="Errors"/> names each field and what is wrong with it.</summary>
public sealed record ValidationFailed(IReadOnlyDictionary<string, string[]> Errors)
    : Failure(Texts.T("One or more fields are invalid"), string.Join(Texts.T("; "), Errors.Select(e => e.Key + ": " + string.Join(Texts.T(", "), e.Value))))
{
    public static ValidationFailed Single(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    public override IReadOnlyDictionary<string, string[]> AsFieldErrors(string field) => Errors;
}

/// <summary>The thing asked for does not exist (or the caller may not know it exists).</summary>
/// <remarks>
/// <paramref name="What"/> is the English name of the thing, a key of the messages: it is shown in the reader's language,
/// with <paramref name="Of"/> in its placeholder <c>{0}</c> when there is one (e.g. the year a calendar is missing for).
/// </remarks>
public sealed record Missing(string What, object? Of = null)
    : Failure(Texts.T("Not found"), Texts.T("{0} was not found", Of is null ? Texts.T(What) : Texts.T(What, Of)));

/// <summary>The caller is authenticated but acts outside their scope.</summary>
public sealed record Forbidden(string Why) : Failure(Texts.T("Forbidden"), Why);

/// <summary>
/// The request clashes with the current state (a duplicate, a state that does not allow it, or a
/// concurrent change that won). <paramref name="Current"/> names the state the thing is in now.
/// </summary>
public sealed record StateConflict(string Why, string? Current = null) : Failure(Texts.T("Conflict"), Why);
