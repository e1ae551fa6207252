using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Applications;
using OneWindow.Federation;
using OneWindow.Server.Federation;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Cases;

/// <summary>
/// A case forwarded to another region's platform (跨省通办), as the person follows it here: where it went, whether it has
/// arrived (and, while the other platform cannot be reached, that it waits and will be delivered), each department's
/// state there, the timeline, and each certificate with whether it verified here with the issuing seal's key.
/// </summary>
[Authorize(Policy = Claims.ApplicantPolicy)]
public sealed class ForwardedModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, FederationServices federation) : PageModel
{
    public sealed record TaskLine(string Item, string Unit, TaskState? State, string? DueDate, string? Reason, CertificateLine? Certificate);

    public sealed record CertificateLine(string Identifier, bool Verified, bool Revoked, string? VerifyUrl);

    public FederationEndpoints.ForwardedView? Case { get; private set; }

    public IReadOnlyList<TaskLine> Tasks { get; private set; } = [];

    public IReadOnlyList<ApplicationEvent> History { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool submitted, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var found = await ForwardApplication.OneAsync(db, actor.Id, id, ct);
        if (!found.Succeeded)
        {
            return NotFound();
        }
        Case = (await FederationEndpoints.ViewsAsync(db, [found.Value!], federation, withReport: true, ct))[0];
        Notice = submitted ? Ui.T("申请已提交，将转交{0}办理。", Case.RegionName) : null;
        var peer = federation.Options.PeerNamed(Case.Region);
        if (Case.Report is JsonObject report)
        {
            Tasks = [.. (report["tasks"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new TaskLine(
                (string?)t[Ui.English ? "itemNameEn" : "itemName"] ?? "",
                (string?)t["unit"] ?? "",
                Enum.TryParse<TaskState>((string?)t["state"], out var state) ? state : null,
                (string?)t["dueDate"],
                (string?)t["reason"],
                t["certificate"] is JsonObject c ? new CertificateLine((string?)c["identifier"] ?? "", c["verifiedHere"]?.GetValueKind() == JsonValueKind.True, c["revoked"]?.GetValueKind() == JsonValueKind.True,
                    peer?.BaseUrl is null ? null : FederationPeers.At(peer, $"/verify?id={Uri.EscapeDataString((string?)c["identifier"] ?? "")}&code={Uri.EscapeDataString((string?)c["verificationCode"] ?? "")}").ToString()) : null))];
            History = [.. (report["history"] as JsonArray ?? []).OfType<JsonObject>().Select(h => new ApplicationEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(h["at"]?.GetValue<long>() ?? 0), null, (string?)h["kind"] ?? "", (string?)h["itemCode"], (string?)h["note"]))];
        }
        return Page();
    }
}
