using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Federation;
using OneWindow.Server.Federation;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Admin;

/// <summary>
/// 跨省通办 for platform admins: the region this platform serves and its peers, each with the keys pinned for it and
/// its messages waiting, given up or received; pinning a peer's keys again after it rotated them, and rotating this
/// platform's own signing key — the same actions as the API.
/// </summary>
[Authorize(Policy = Claims.PlatformAdminPolicy)]
public sealed class FederationModel(OneWindowDb db, FederationServices federation, FederationPeers peers) : PageModel
{
    public FederationEndpoints.PeersView? View { get; private set; }

    public string? Notice { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool Enabled => federation.Options.Enabled;

    public async Task OnGetAsync(CancellationToken ct) => View = await FederationEndpoints.PeersAsync(db, federation, ct);

    public async Task<IActionResult> OnPostPinAsync(string region, CancellationToken ct)
    {
        var pinned = await peers.PinAsync(db, region, ct);
        if (pinned.Succeeded)
        {
            var p = pinned.Value!;
            Notice = Ui.T("已固定：新增 {0} 个密钥，保留 {1} 个，停用 {2} 个。", p.Added.Count, p.Kept.Count, p.Retired.Count);
        }
        else
        {
            Errors = pinned.Failure!.AsFieldErrors("region");
        }
        View = await FederationEndpoints.PeersAsync(db, federation, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct)
    {
        if (federation.Options.Enabled)
        {
            var key = await FederationKeys.RotateAsync(db, federation.Keys, federation.Clock, ct);
            Notice = Ui.T("已启用新的签名密钥 {0}；旧密钥继续公布一段时间，请通知对接地区重新固定密钥。", key);
        }
        View = await FederationEndpoints.PeersAsync(db, federation, ct);
        return Page();
    }
}
