using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Departments;
using OneWindow.Server.Departments;
using OneWindow.Server.Infrastructure;
using OpenIddict.Abstractions;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// A unit's own system (部门业务系统) for its admins: the webhook endpoint and its signing secret, the OAuth client
/// its system signs in with, and the messages that could not be delivered, each replayable. The same operations
/// and authority as the API (the unit's admin, admins above it on its supervising line, platform admins).
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class IntegrationModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, DepartmentEndpoints endpoints, DepartmentDispatch dispatch,
    IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock) : PageModel
{
    public Guid UnitId { get; private set; }

    public string UnitName { get; private set; } = "";

    public DepartmentEndpoints.View? Endpoint { get; private set; }

    public bool HasClient { get; private set; }

    /// <summary>A secret made by this request: shown once, never stored in the clear.</summary>
    public string? NewSecret { get; private set; }

    public DepartmentClients.ClientView? NewClient { get; private set; }

    public WebhookState Shown { get; private set; } = WebhookState.Dead;

    public DepartmentEndpoints.MessagePage? Messages { get; private set; }

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(Name = "Url")]
    public string? EndpointUrl { get; set; }

    [BindProperty]
    public bool Enabled { get; set; } = true;

    public async Task<IActionResult> OnGetAsync(Guid unitId, string? state, int page, CancellationToken ct) =>
        await ShowAsync(unitId, state, page, ct);

    public async Task<IActionResult> OnPostEndpointAsync(Guid unitId, bool rotate, CancellationToken ct)
    {
        var registered = await endpoints.RegisterAsync(await ActorAsync(), unitId, EndpointUrl, Enabled, rotate, ct);
        if (registered.Succeeded)
        {
            NewSecret = registered.Value!.Secret;
            Done = Ui.T("已保存接收地址。");
        }
        return await AfterAsync(unitId, registered.Failure, ct);
    }

    public async Task<IActionResult> OnPostRemoveEndpointAsync(Guid unitId, CancellationToken ct)
    {
        var removed = await endpoints.RemoveAsync(await ActorAsync(), unitId, ct);
        Done = removed.Succeeded ? Ui.T("已断开业务系统；未送达的消息仍在列表中。") : null;
        return await AfterAsync(unitId, removed.Failure, ct);
    }

    public async Task<IActionResult> OnPostClientAsync(Guid unitId, CancellationToken ct)
    {
        var tokenEndpoint = $"{Request.Scheme}://{Request.Host}{DepartmentClients.TokenPath}";
        var made = await DepartmentClients.MakeAsync(await ActorAsync(), unitId, tokenEndpoint, users, db, applications, tokens, clock, ct);
        if (made.Succeeded)
        {
            NewClient = made.Value;
            Done = Ui.T("已生成新的客户端密钥，原有令牌立即失效。");
        }
        return await AfterAsync(unitId, made.Failure, ct);
    }

    public async Task<IActionResult> OnPostRemoveClientAsync(Guid unitId, CancellationToken ct)
    {
        var removed = await DepartmentClients.RemoveAsync(await ActorAsync(), unitId, db, applications, ct);
        Done = removed.Succeeded ? Ui.T("已删除客户端，其令牌立即失效。") : null;
        return await AfterAsync(unitId, removed.Failure, ct);
    }

    public async Task<IActionResult> OnPostReplayAsync(Guid unitId, string id, CancellationToken ct)
    {
        var replayed = await endpoints.ReplayAsync(await ActorAsync(), id, ct);
        if (replayed.Succeeded)
        {
            dispatch.Wake();
            Done = Ui.T("已重新发送。");
        }
        return await AfterAsync(unitId, replayed.Failure, ct);
    }

    private async Task<OneWindow.Identity.Account> ActorAsync() => (await CurrentAccount.GetAsync(User, users))!;

    private async Task<IActionResult> AfterAsync(Guid unitId, Failure? failure, CancellationToken ct)
    {
        if (failure is Forbidden)
        {
            return Forbid();
        }
        if (failure is not null)
        {
            Errors = failure.AsFieldErrors("integration");
            Done = null;
        }
        return await ShowAsync(unitId, null, 1, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid unitId, string? state, int page, CancellationToken ct)
    {
        UnitId = unitId;
        var actor = await ActorAsync();
        var endpoint = await endpoints.GetAsync(actor, unitId, ct);
        if (endpoint.Failure is Forbidden)
        {
            return Forbid();
        }
        if (await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(ct) is not { } name)
        {
            return NotFound();
        }
        UnitName = name;
        Endpoint = endpoint.Value;
        EndpointUrl ??= Endpoint?.Url;
        Enabled = Endpoint?.Enabled ?? Enabled;
        HasClient = await applications.FindByClientIdAsync(DepartmentClients.ClientIdOf(unitId), ct) is not null;
        Shown = EnumText.TryParse<WebhookState>(state, out var wanted) ? wanted : WebhookState.Dead;
        Messages = (await endpoints.MessagesAsync(actor, unitId, Shown, Math.Clamp(page, 1, 10_000), 50, ct)).Value;
        return Page();
    }
}
