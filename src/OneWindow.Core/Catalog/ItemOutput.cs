namespace OneWindow.Catalog;

/// <summary>What handling an item produces.</summary>
public enum OutputKind
{
    /// <summary>A signed certificate or licence (证照).</summary>
    Certificate,

    /// <summary>A record in a department's system (登记).</summary>
    Record,
}

/// <summary>
/// The output of a service item. <see cref="Results"/> declares the values the handling staff give when
/// they approve (the birth medical certificate's number, the child's new identity number): they are checked
/// like form fields, and a bundle's result flows hand them on to the items that wait for them.
/// </summary>
/// <param name="Physical">A document or card is handed over (出生医学证明, 社会保障卡): collected at a window or mailed. Otherwise the result is electronic and appears in the applicant's account.</param>
/// <param name="Wording">How the certificate's body reads, as the issuing committees write it; without one the certificate lists its facts.</param>
public sealed record ItemOutput(OutputKind Kind, string? CertificateType, int? ValidityDays, IReadOnlyList<FormField>? Results = null, bool Physical = false, SharedDataWrite? Writes = null,
    CertificateWording? Wording = null);

/// <summary>
/// A record the approval of the item writes into shared data (the household registration writes <c>police.household</c>
/// for the child): the item, the task value that names the subject, and for each field of the record the task field or
/// result it is taken from — or <see cref="Division"/>, the case's village. A value left empty is not written.
/// </summary>
/// <param name="Merge">The approval records a change (企业变更登记 changes the legal representative, say): the values given are laid over the subject's current record, which must exist, instead of replacing it.</param>
public sealed record SharedDataWrite(string Item, string Subject, IReadOnlyDictionary<string, string> Fields, bool Merge = false)
{
    public const string Division = "@division";
}
