using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Certificates;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// A unit's electronic seals and its reviewers' signature specimens: register one (upload the image, or let the
/// platform draw the seal), see each with its image and 备案 state, withdraw a seal; and what the units this one
/// supervises have sent for 备案, to approve or refuse with a note. Every action is the `Seals` operation the API
/// runs, authorized there (registration by the unit's admin, 备案 by the supervising unit's).
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
[RequestSizeLimit(3 * 1024 * 1024)]
public sealed class SealsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, Seals seals) : PageModel
{
    public const int MaxImageBytes = 2 * 1024 * 1024;

    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    public Unit? Shown { get; private set; }

    public IReadOnlyList<Seal> UnitSeals { get; private set; } = [];

    public IReadOnlyList<(SignatureSpecimen Specimen, string Name)> Specimens { get; private set; } = [];

    public IReadOnlyList<OneWindow.Identity.Account> Reviewers { get; private set; } = [];

    public IReadOnlyList<(Seal Seal, string UnitName)> PendingSeals { get; private set; } = [];

    public IReadOnlyList<(SignatureSpecimen Specimen, string Name, string UnitName)> PendingSpecimens { get; private set; } = [];

    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSealAsync(IFormFile? image, CancellationToken ct)
    {
        var (png, problem) = await ReadAsync(image, ct);
        if (problem is not null)
        {
            return await FailAsync(problem, ct);
        }
        var outcome = await seals.CreateAsync((await ActorAsync())!, Unit ?? (await ActorAsync())!.UnitId ?? Guid.Empty, png, ct);
        return await AfterAsync(outcome.Failure, Ui.T("印章已登记，等待上级单位备案。"), ct);
    }

    public async Task<IActionResult> OnPostSpecimenAsync(Guid accountId, IFormFile? image, CancellationToken ct)
    {
        var (png, problem) = await ReadAsync(image, ct);
        if (problem is null && png is null)
        {
            problem = Ui.T("请上传手写签名的图片（PNG）");
        }
        if (problem is not null)
        {
            return await FailAsync(problem, ct);
        }
        var outcome = await seals.SubmitSpecimenAsync((await ActorAsync())!, Unit ?? (await ActorAsync())!.UnitId ?? Guid.Empty, accountId, png, ct);
        return await AfterAsync(outcome.Failure, Ui.T("签名样式已提交，等待上级单位备案。"), ct);
    }

    public async Task<IActionResult> OnPostReviewSealAsync(Guid id, bool approve, string? note, CancellationToken ct)
    {
        var outcome = await seals.ReviewSealAsync((await ActorAsync())!, id, approve, note, ct);
        return await AfterAsync(outcome.Failure, approve ? Ui.T("已同意备案。") : Ui.T("已不予备案。"), ct);
    }

    public async Task<IActionResult> OnPostReviewSpecimenAsync(Guid id, bool approve, string? note, CancellationToken ct)
    {
        var outcome = await seals.ReviewSpecimenAsync((await ActorAsync())!, id, approve, note, ct);
        return await AfterAsync(outcome.Failure, approve ? Ui.T("已同意备案。") : Ui.T("已不予备案。"), ct);
    }

    public async Task<IActionResult> OnPostRevokeSealAsync(Guid id, string? reason, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            return await FailAsync(Ui.T("停用后不能恢复，请勾选确认后再停用"), ct);
        }
        var outcome = await seals.RevokeSealAsync((await ActorAsync())!, id, reason, ct);
        return await AfterAsync(outcome.Failure, Ui.T("印章已停用，此后不能再用它出具证明。"), ct);
    }

    private Task<OneWindow.Identity.Account?> ActorAsync() => CurrentAccount.GetAsync(User, users);

    /// <summary>The uploaded PNG, or none (the platform draws the seal), or why it cannot be taken.</summary>
    private static async Task<(byte[]? Png, string? Problem)> ReadAsync(IFormFile? image, CancellationToken ct)
    {
        if (image is null || image.Length == 0)
        {
            return (null, null);
        }
        if (image.Length > MaxImageBytes)
        {
            return (null, Ui.T("图片不能超过 2 MB"));
        }
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), null);
    }

    private async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        Errors = new Dictionary<string, string[]> { ["image"] = [message] };
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> AfterAsync(OneWindow.Common.Failure? failure, string done, CancellationToken ct)
    {
        if (failure is null)
        {
            return RedirectToPage(new { unit = Unit, done });
        }
        Errors = failure.AsFieldErrors("registration");
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var (shown, status) = await UnitShown.FindAsync(db, (await ActorAsync())!, Unit, ct);
        if (shown is null)
        {
            return status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }
        Shown = shown;
        UnitSeals = await db.Seals.AsNoTracking().Where(s => s.UnitId == Shown.Id).OrderByDescending(s => s.Id).ToListAsync(ct);
        var staff = await db.Users.AsNoTracking().Where(a => a.UnitId == Shown.Id).ToListAsync(ct);
        var names = staff.ToDictionary(a => a.Id, a => a.RealName);
        Reviewers = [.. staff.Where(a => a.Has(StaffRoles.Reviewer)).OrderBy(a => a.UserName)];
        Specimens = [.. (await db.SignatureSpecimens.AsNoTracking().Where(s => s.UnitId == Shown.Id).OrderByDescending(s => s.Id).ToListAsync(ct))
            .Select(s => (s, names.GetValueOrDefault(s.AccountId, "")))];

        // What the units this one supervises sent for 备案.
        var below = await db.Units.AsNoTracking().Where(u => u.SupervisingUnitId == Shown.Id).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var belowIds = below.Keys.ToList();
        PendingSeals = [.. (await db.Seals.AsNoTracking().Where(s => belowIds.Contains(s.UnitId) && s.Status == RegistrationStatus.Submitted).ToListAsync(ct))
            .Select(s => (s, below[s.UnitId]))];
        var pendingSpecimens = await db.SignatureSpecimens.AsNoTracking().Where(s => belowIds.Contains(s.UnitId) && s.Status == RegistrationStatus.Submitted).ToListAsync(ct);
        var signers = pendingSpecimens.Select(s => s.AccountId).ToList();
        var signerNames = await db.Users.AsNoTracking().Where(a => signers.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.RealName, ct);
        PendingSpecimens = [.. pendingSpecimens.Select(s => (s, signerNames.GetValueOrDefault(s.AccountId, ""), below[s.UnitId]))];
        return Page();
    }
}
