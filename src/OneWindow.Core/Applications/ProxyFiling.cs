using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// Proxy filing (帮办代办): a clerk files for a registered resident, typing the person's identity number and
/// the name they give. The platform answers only "matches" or "does not match" — it never shows a name for
/// a number — and a clerk files only for matters within their unit's division unless every item is handled
/// across regions. The case records both people: the resident as applicant, the clerk as filer.
/// </summary>
public static class ProxyFiling
{
    /// <summary>
    /// The resident a clerk files for, or null with the reasons in <paramref name="errors"/> (identity number
    /// missing, name missing, or no registered resident with this number and name — one answer for both).
    /// </summary>
    public static async Task<Account?> ApplicantAsync(OneWindowDb db, string? idNumber, string? name, FieldErrors errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var id = idNumber?.Trim().ToUpperInvariant();
        var typed = TextInput.Clean(name ?? "");
        if (string.IsNullOrEmpty(id))
        {
            errors.Add("applicantIdNumber", Texts.T("a clerk filing on someone's behalf gives the person's identity number"));
        }
        if (typed.Length == 0)
        {
            errors.Add("applicantName", Texts.T("type the person's name as on their identity card; it is checked against the number"));
            return null;
        }
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var candidate = await AccountQueries.ResidentAsync(db, id, ct);
        if (candidate is null || !string.Equals(candidate.RealName, typed, StringComparison.Ordinal))
        {
            errors.Add("applicantName", Texts.T("does not match a registered resident with this identity number"));
            return null;
        }
        return candidate;
    }

    /// <summary>Null when <paramref name="clerk"/> may file a matter of <paramref name="divisionCode"/>; otherwise the refusal.</summary>
    public static async Task<Failure?> RefuseOutsideDivisionAsync(OneWindowDb db, Account clerk, string divisionCode, bool acrossRegions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clerk);
        if (acrossRegions)
        {
            return null;
        }
        var clerkDivision = clerk.UnitId is { } unit
            ? await UnitQueries.DivisionOfAsync(db, unit, ct)
            : null;
        return clerkDivision is not null && divisionCode.StartsWith(Division.ScopePrefix(clerkDivision), StringComparison.Ordinal)
            ? null
            : new Forbidden(Texts.T("A clerk files only for people living in their unit's division, unless the matter is handled across regions"));
    }
}
