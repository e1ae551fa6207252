namespace OneWindow.Catalog;

/// <summary>Who may apply for an item or a bundle (服务对象): a catalog entry names one or more.</summary>
public enum ApplicantKind
{
    /// <summary>A person, for themselves or their family (自然人).</summary>
    Resident,

    /// <summary>An enterprise or individual business, through its authorised agent (法人：企业).</summary>
    Enterprise,

    /// <summary>An institution such as a hospital, school or law firm (法人：事业单位、社会组织).</summary>
    Institution,

    /// <summary>Only staff start it, inside a bundle or on someone's behalf; never offered to the public on its own.</summary>
    Staff,
}

/// <summary>The audience rule, in one place.</summary>
public static class Audience
{
    /// <summary>What a catalog entry without an audience is for: people (catalogs written before audiences existed).</summary>
    public static readonly IReadOnlyList<ApplicantKind> Default = [ApplicantKind.Resident];

    /// <summary>Whether <paramref name="kind"/> may apply for an entry offered to <paramref name="audience"/>.</summary>
    public static bool Admits(IEnumerable<ApplicantKind> audience, ApplicantKind kind)
    {
        ArgumentNullException.ThrowIfNull(audience);
        return audience.Contains(kind);
    }
}
