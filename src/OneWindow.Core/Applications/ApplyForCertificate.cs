using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A resident applies for a certificate — or a clerk files it on their behalf (帮办代办), both
/// recorded — and it lands in the queue of the unit the catalog makes competent for where they live.
/// </summary>
public static class ApplyForCertificate
{
    /// <summary>
    /// The grassroots certificates that this path issues with a seal (居住证明, 无犯罪记录证明, 家庭经济状况证明);
    /// every other item is applied for as a case until certificates become a task output of the engine.
    /// </summary>
    public static readonly IReadOnlySet<string> GrassrootsTypes = new HashSet<string>(StringComparer.Ordinal) { "residence", "no-criminal-record", "family-economic-status" };

    /// <summary>Whether <paramref name="item"/> is applied for on this path.</summary>
    public static bool Handles(ServiceItem item) =>
        item is { Output: { Kind: OutputKind.Certificate, CertificateType: { } type } } && GrassrootsTypes.Contains(type);

    /// <summary>
    /// What is filed. A clerk filing for someone (帮办代办) gives the person's identity number and the name
    /// they say is theirs; the platform answers only whether the two match, and never shows a name.
    /// </summary>
    public sealed record Request(string? ItemCode, string? DivisionCode, Dictionary<string, string>? Fields, Channel? Channel, string? ApplicantIdNumber, string? ApplicantName = null);

    /// <summary>
    /// Files a case of the engine for the one certificate item: the same checks, routing, due dates and
    /// duplicate rules as any submission, with the item limited to those this counter handles.
    /// </summary>
    public static async Task<Outcome<Application>> HandleAsync(Account actor, Request request, OneWindowDb db, SubmitApplication.Services services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(request);
        var item = string.IsNullOrWhiteSpace(request.ItemCode) ? null : (await services.References.ItemsAsync(db, [request.ItemCode], ct)).GetValueOrDefault(request.ItemCode);
        if (item is null || !Handles(item))
        {
            return ValidationFailed.Single("itemCode", Texts.T("must be a catalog item that issues a certificate"));
        }
        var submitted = await SubmitApplication.HandleAsync(actor,
            new SubmitApplication.Request(null, item.Code, request.DivisionCode, request.Fields, request.Channel, request.ApplicantIdNumber, request.ApplicantName),
            idempotencyKey: null, db, services, ct);
        return submitted.Succeeded ? submitted.Value!.Case : submitted.Failure!;
    }
}
