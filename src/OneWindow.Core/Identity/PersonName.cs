using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>Rules for a person's real name: letters (any script), middle dot and spaces; no markup.</summary>
public static class PersonName
{
    public static string Rule => Texts.T("must be 1 to 50 letters (Chinese or other scripts, '·' and spaces allowed)");

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 50)
        {
            return false;
        }
        // Letters only (so no control or bidirectional characters); compared in NFC, the form it is stored in.
        return name.Normalize(System.Text.NormalizationForm.FormC).All(c => char.IsLetter(c) || c is '·' or '•' or ' ' or '-');
    }

    /// <summary>Masks for public display: 张*三, 王*, A***e.</summary>
    public static string Mask(string name) => name.Length switch
    {
        0 => "",
        1 => "*",
        2 => string.Concat(name.AsSpan(0, 1), "*"),
        _ => string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 2), name.AsSpan(name.Length - 1)),
    };
}
