using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Units;

/// <summary>Units and their staff; every call is limited to the caller's own unit unless they are a platform admin.</summary>
public static class UnitEndpoints
{
    public sealed record UnitView(Guid Id, string Name, UnitKind Kind, DepartmentKind Department, string DivisionCode, string CreditCode, Guid? SupervisingUnitId)
    {
        public static UnitView From(Unit u) => new(u.Id, u.Name, u.Kind, u.Department, u.DivisionCode, u.CreditCode, u.SupervisingUnitId);
    }

    public sealed record RolesRequest(StaffRoles? Roles);

    public sealed record SupervisorRequest(Guid? SupervisingUnitId);

    public sealed record StaffView(Guid Id, string UserName, string RealName, StaffRoles Roles, bool LockedOut);

    public static void MapUnits(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/units").WithTags("Units").RequireAuthorization(Claims.StaffPolicy);
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync).RequireAuthorization(Claims.PlatformAdminPolicy);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapGet("/{id:guid}/staff", StaffAsync);
        api.MapPost("/{id:guid}/staff", AddStaffAsync);
        api.MapPut("/{id:guid}/supervisor", SetSupervisorAsync).RequireAuthorization(Claims.PlatformAdminPolicy);
        var accounts = app.MapGroup("/api/accounts/{id:guid}").RequireAuthorization(Claims.StaffPolicy).WithTags("Units");
        accounts.MapPost("/password", SetPasswordAsync);
        accounts.MapPut("/roles", SetRolesAsync);
        accounts.MapPost("/disable", (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) => SetEnabledAsync(id, false, user, users, db, ct));
        accounts.MapPost("/enable", (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) => SetEnabledAsync(id, true, user, users, db, ct));
    }

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> SetSupervisorAsync(Guid id, SupervisorRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var outcome = await Authority.SetSupervisorAsync(db, (await CurrentAccount.GetAsync(user, users))!, id, body.SupervisingUnitId, ct);
        return outcome.Succeeded ? TypedResults.Ok(UnitView.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRolesAsync(Guid id, RolesRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var outcome = await ManageStaffAccount.SetRolesAsync((await CurrentAccount.GetAsync(user, users))!, id, body.Roles, db, users, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetEnabledAsync(Guid id, bool enabled, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var outcome = await ManageStaffAccount.SetEnabledAsync((await CurrentAccount.GetAsync(user, users))!, id, enabled, db, users, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Problems.From(outcome.Failure!);
    }

    public sealed record PasswordRequest(string? Password);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetPasswordAsync(Guid id, PasswordRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        var outcome = await SetPassword.HandleAsync(actor!, id, body.Password, db, users, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<IReadOnlyList<UnitView>>, UnauthorizedHttpResult>> ListAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        if (actor is null)
        {
            return TypedResults.Unauthorized();
        }
        var query = db.Units.AsNoTracking();
        if (!actor.Has(StaffRoles.PlatformAdmin))
        {
            query = query.Where(u => u.Id == actor.UnitId);
        }
        var units = await query.OrderBy(u => u.DivisionCode).ThenBy(u => u.Name).Take(1000).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<UnitView>>([.. units.Select(UnitView.From)]);
    }

    private static async Task<Results<Created<UnitView>, ProblemHttpResult, UnauthorizedHttpResult>> CreateAsync(
        CreateUnit.Request request, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        if (actor is null)
        {
            return TypedResults.Unauthorized();
        }
        var outcome = await CreateUnit.HandleAsync(actor, request, db, clock, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/units/{outcome.Value!.Id}", UnitView.From(outcome.Value))
            : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (actor is null || unit is null)
        {
            return Problems.From(new Missing("Unit"));
        }
        return await Authority.CheckAsync(db, actor, id, AuthorityAction.ViewUnit, ct) is { } denied ? Problems.From(denied) : TypedResults.Ok(UnitView.From(unit));
    }

    private static async Task<Results<Ok<IReadOnlyList<StaffView>>, ProblemHttpResult>> StaffAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        if (actor is null || !await db.Units.AnyAsync(u => u.Id == id, ct))
        {
            return Problems.From(new Missing("Unit"));
        }
        if (await Authority.CheckAsync(db, actor, id, AuthorityAction.ViewUnit, ct) is { } denied)
        {
            return Problems.From(denied);
        }
        var now = clock.GetUtcNow();
        var staff = await db.Users.AsNoTracking().Where(a => a.UnitId == id).OrderBy(a => a.UserName).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<StaffView>>([.. staff.Select(a => new StaffView(a.Id, a.UserName!, a.RealName, a.Roles, a.LockoutEnd > now))]);
    }

    private static async Task<Results<Created<CreateStaff.Created>, ProblemHttpResult>> AddStaffAsync(
        Guid id, CreateStaff.Request request, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        if (actor is null)
        {
            return Problems.From(new Missing("Unit"));
        }
        var outcome = await CreateStaff.HandleAsync(actor, id, request, db, users, clock, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/units/{id}/staff", outcome.Value) : Problems.From(outcome.Failure!);
    }
}
