using System.Text;

namespace OneWindow.Common;

/// <summary>
/// The one rule for text people type: stored NFC-normalised and trimmed; no control characters
/// (C0, DEL, C1 — newline and tab only in multi-line notes) and no bidirectional overrides or isolates
/// (U+202A–U+202E, U+2066–U+2069), which could make a name or a certificate read differently from
/// what was signed.
/// </summary>
public static class TextInput
{
    /// <summary>The longest note, reason or comment anyone writes (refusals, supplements, revocations, reviews).</summary>
    public const int MaxNote = 500;

    /// <summary>Null when <paramref name="value"/> is acceptable text, else what is wrong with it.</summary>
    public static string? Problem(string? value, bool multiline = false)
    {
        if (value is null)
        {
            return null;
        }
        foreach (var c in value)
        {
            if (multiline && c is '\n' or '\r' or '\t')
            {
                continue;
            }
            if (char.IsControl(c))
            {
                return multiline ? Texts.T("must not contain control characters (other than new lines and tabs)") : Texts.T("must not contain control characters or line breaks");
            }
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return Texts.T("must not contain bidirectional override characters");
            }
        }
        return null;
    }

    /// <summary>The stored form: NFC, trimmed.</summary>
    public static string Clean(string value) => (value ?? "").Normalize(NormalizationForm.FormC).Trim();

    /// <summary>
    /// Checks a note or reason: 1 to <see cref="MaxNote"/> characters when required (at most that otherwise), clean text.
    /// Returns the cleaned text or the failure under <paramref name="field"/>.
    /// </summary>
    public static Outcome<string?> Note(string? value, string field, bool required = true)
    {
        var text = value is null ? null : Clean(value);
        if (string.IsNullOrEmpty(text))
        {
            return required ? ValidationFailed.Single(field, Texts.T("say why (1 to {0} characters)", MaxNote)) : Outcome<string?>.From(null);
        }
        if (text.Length > MaxNote)
        {
            return ValidationFailed.Single(field, Texts.T("must be at most {0} characters", MaxNote));
        }
        return Problem(text, multiline: true) is { } problem ? ValidationFailed.Single(field, problem) : text;
    }
}
