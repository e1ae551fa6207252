using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Data;

/// <summary>
/// Shared-data grants for staff: the unit's own grants and those its department decides, with approve, refuse
/// and revoke where the signed-in admin may; and, for a unit's admin, asking for a grant of an item's fields.
/// The same operations and rules as the API.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class GrantsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public IReadOnlyList<DataGrant> Grants { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<SharedDataItem> Items { get; private set; } = [];

    public OneWindow.Identity.Account Actor { get; private set; } = null!;

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRequestAsync(string itemCode, List<string> fields, string? purpose, DateOnly? expires, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        DateTimeOffset? until = expires is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), clock.LocalTimeZone.GetUtcOffset(day.ToDateTime(TimeOnly.MaxValue))) : null;
        var asked = await global::OneWindow.DataSharing.Grants.RequestAsync(actor, new global::OneWindow.DataSharing.Grants.Request(itemCode, actor.UnitId, fields, purpose, until), db, clock, ct);
        return await AfterAsync(asked, Ui.T("已提交授权申请，等待数据所属部门审批。"), ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, bool approve, string? note, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var decided = await global::OneWindow.DataSharing.Grants.DecideAsync(actor, id, approve, note, db, clock, ct);
        return await AfterAsync(decided, approve ? Ui.T("已批准。") : Ui.T("已拒绝。"), ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? note, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var revoked = await global::OneWindow.DataSharing.Grants.RevokeAsync(actor, id, note, db, clock, ct);
        return await AfterAsync(revoked, Ui.T("已撤销，立即生效。"), ct);
    }

    private async Task<IActionResult> AfterAsync(Outcome<DataGrant> outcome, string done, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            Done = done;
        }
        else
        {
            Errors = outcome.Failure!.AsFieldErrors("grant");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Actor = (await CurrentAccount.GetAsync(User, users))!;
        Grants = await global::OneWindow.DataSharing.Grants.VisibleToAsync(Actor, db, ct);
        UnitNames = await UnitQueries.NamesAsync(db, [.. Grants.Select(g => g.ConsumerUnitId).Distinct()], ct);
        Items = await SharedDataItems.AllAsync(db, ct);
    }
}
