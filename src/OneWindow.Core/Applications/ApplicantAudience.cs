using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>Who may apply for what: an account's kind against a catalog entry's audience.</summary>
public static class ApplicantAudience
{
    /// <summary>The kind of applicant an account applies as; null for staff, who file for others only through proxy filing.</summary>
    public static ApplicantKind? KindOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Kind switch
        {
            AccountKind.Resident => ApplicantKind.Resident,
            AccountKind.Enterprise => ApplicantKind.Enterprise,
            AccountKind.Institution => ApplicantKind.Institution,
            _ => null,
        };
    }

    /// <summary>Null when <paramref name="kind"/> may apply for the entry; otherwise a refusal that says who may.</summary>
    public static Failure? Refuse(string name, IReadOnlyCollection<ApplicantKind> audience, ApplicantKind kind)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (Audience.Admits(audience, kind))
        {
            return null;
        }
        var who = audience.Where(a => a != ApplicantKind.Staff).Select(CatalogNames.Name).ToList();
        return new Forbidden(who.Count == 0
            ? Texts.T("{0} is started by staff only, as part of a bundle or on someone's behalf", name)
            : Texts.T("{0} is applied for by: {1}; this account applies as {2}", name, string.Join(Texts.T(", "), who), kind.Name()));
    }
}
