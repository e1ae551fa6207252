namespace OneWindow.Common;

/// <summary>Collects field errors while validating a request.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Whether <paramref name="field"/> has an error already.</summary>
    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Takes over another check's errors (a failure that is not about fields counts under <paramref name="field"/>).</summary>
    public void AddAll(Failure failure, string field)
    {
        ArgumentNullException.ThrowIfNull(failure);
        foreach (var (name, messages) in failure.AsFieldErrors(field))
        {
            foreach (var message in messages)
            {
                Add(name, message);
            }
        }
    }

    public ValidationFailed ToFailure() => new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
