using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;
using OneWindow.Formats;
using OneWindow.Common;

namespace OneWindow.Server.Auth;

/// <summary>Registration, sign-in and the caller's own account.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Account, string? Password);

    /// <summary>The caller: residents have the resident role, staff their unit roles.</summary>
    public sealed record Me(Guid Id, AccountKind Kind, string RealName, string? MaskedIdNumber, Guid? UnitId, string? UnitName, StaffRoles? Roles, IReadOnlyList<string> RoleNames,
        string? OrganisationName = null, string? CreditCode = null);

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Accounts");
        api.MapPost("/residents", RegisterAsync).AllowAnonymous();
        api.MapPost("/organisations", RegisterOrganisationAsync).AllowAnonymous();
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous();
        api.MapPost("/auth/logout", LogoutAsync).RequireAuthorization();
        api.MapGet("/me", MeAsync).RequireAuthorization();
        api.MapPost("/identifiers/check", (IdentifierRequest body, TimeProvider clock) =>
            TypedResults.Ok(IdentifierCheck.Check(body.Value, DateOnly.FromDateTime(clock.GetLocalNow().DateTime)))).AllowAnonymous();
    }

    /// <summary>An identity number or credit code to check; the answer names its kind and any broken rule.</summary>
    public sealed record IdentifierRequest(string? Value);

    /// <summary>The answer to a valid registration, whether the number was new or already registered.</summary>
    public sealed record RegistrationReceived(string MaskedIdNumber, string Message);

    private static async Task<Results<Accepted<RegistrationReceived>, ProblemHttpResult>> RegisterAsync(
        RegisterResident.Request request, OneWindowDb db, UserManager<Account> users, OneWindow.DataSharing.SubjectKeys keys, OneWindow.DataSharing.DataReadRecorder recorder,
        TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RegisterResident.HandleAsync(request, db, users, clock, ct,
            (id, name, token) => OneWindow.DataSharing.RealNameCheck.MatchesAsync(id, name, db, keys, recorder, clock, token));
        return outcome.Succeeded
            ? TypedResults.Accepted("/api/auth/login", new RegistrationReceived(outcome.Value!.MaskedIdNumber,
                "Registration received: sign in with your identity number and password. If this number was registered before, its existing password stays in force."))
            : Problems.From(outcome.Failure!);
    }

    /// <summary>The answer to a valid organisation registration, whether the code was new or already registered.</summary>
    public sealed record OrganisationRegistrationReceived(string CreditCode, AccountKind Kind, string Message);

    private static async Task<Results<Accepted<OrganisationRegistrationReceived>, ProblemHttpResult>> RegisterOrganisationAsync(
        RegisterOrganisation.Request request, OneWindowDb db, UserManager<Account> users, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RegisterOrganisation.HandleAsync(request, db, users, clock, ct);
        return outcome.Succeeded
            ? TypedResults.Accepted("/api/auth/login", new OrganisationRegistrationReceived(outcome.Value!.CreditCode, outcome.Value.Kind,
                "Registration received: the agent signs in with the credit code and password. If this code was registered before, its existing password stays in force."))
            : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, SignInManager<Account> signIn, SignInThrottle throttle, OneWindowDb db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Account) || string.IsNullOrEmpty(request.Password))
        {
            return Problems.From(Common.ValidationFailed.Single(string.IsNullOrWhiteSpace(request.Account) ? "account" : "password", Texts.T("is required")));
        }
        var result = await SignInWithPassword.HandleAsync(signIn, throttle, SignInWithPassword.ClientOf(http), request.Account, request.Password);
        if (result.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many failed sign-ins", detail: result.Message, statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (result.Account is null)
        {
            return TypedResults.Problem(title: "Sign-in failed", detail: result.Message, statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(await DescribeAsync(result.Account, db, ct));
    }

    /// <summary>Signing out ends every session of the account, on every device (the security stamp is renewed).</summary>
    private static async Task<NoContent> LogoutAsync(System.Security.Claims.ClaimsPrincipal user, SignInManager<Account> signIn)
    {
        await SignInWithPassword.SignOutEverywhereAsync(signIn, user);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> MeAsync(
        System.Security.Claims.ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var account = await CurrentAccount.GetAsync(user, users);
        return account is null ? TypedResults.Unauthorized() : TypedResults.Ok(await DescribeAsync(account, db, ct));
    }

    private static IReadOnlyList<string> RoleNames(Account account) => account.Kind == AccountKind.Staff
        ? [.. Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && account.Roles.HasFlag(r)).Select(Common.EnumText.Of)]
        : [Common.EnumText.Of(account.Kind)];

    private static async Task<Me> DescribeAsync(Account account, OneWindowDb db, CancellationToken ct)
    {
        var unit = account.UnitId is { } id ? await db.Units.FindAsync([id], ct) : null;
        return new Me(account.Id, account.Kind, account.RealName, account.IdNumber is null ? null : ResidentIdNumber.Mask(account.IdNumber),
            account.UnitId, unit?.Name, account.Kind == AccountKind.Staff ? account.Roles : null, RoleNames(account), account.OrganisationName, account.CreditCode);
    }
}
