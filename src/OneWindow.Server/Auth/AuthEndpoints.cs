using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Auth;

/// <summary>Registration, sign-in and the caller's own account.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Account, string? Password);

    public sealed record Me(Guid Id, AccountKind Kind, string RealName, string? MaskedIdNumber, Guid? UnitId, string? UnitName, StaffRoles Roles);

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Accounts");
        api.MapPost("/residents", RegisterAsync).AllowAnonymous();
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous();
        api.MapPost("/auth/logout", LogoutAsync).RequireAuthorization();
        api.MapGet("/me", MeAsync).RequireAuthorization();
    }

    private static async Task<Results<Created<RegisterResident.Registered>, ProblemHttpResult>> RegisterAsync(
        RegisterResident.Request request, OneWindowDb db, UserManager<Account> users, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RegisterResident.HandleAsync(request, db, users, clock, ct);
        return outcome.Succeeded ? TypedResults.Created("/api/me", outcome.Value) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<Account> signIn, OneWindowDb db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Account) || string.IsNullOrEmpty(request.Password))
        {
            return Problems.From(Common.ValidationFailed.Single(string.IsNullOrWhiteSpace(request.Account) ? "account" : "password", "is required"));
        }
        var result = await SignInWithPassword.HandleAsync(signIn, request.Account, request.Password);
        if (result.Account is null)
        {
            return TypedResults.Problem(title: "Sign-in failed", detail: result.Message, statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(await DescribeAsync(result.Account, db, ct));
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<Account> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> MeAsync(
        System.Security.Claims.ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var account = await CurrentAccount.GetAsync(user, users);
        return account is null ? TypedResults.Unauthorized() : TypedResults.Ok(await DescribeAsync(account, db, ct));
    }

    private static async Task<Me> DescribeAsync(Account account, OneWindowDb db, CancellationToken ct)
    {
        var unit = account.UnitId is { } id ? await db.Units.FindAsync([id], ct) : null;
        return new Me(account.Id, account.Kind, account.RealName, account.IdNumber is null ? null : ResidentIdNumber.Mask(account.IdNumber),
            account.UnitId, unit?.Name, account.Roles);
    }
}
