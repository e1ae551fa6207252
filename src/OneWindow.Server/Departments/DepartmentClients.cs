using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Security;
using OneWindow.Storage;
using OneWindow.Server.Infrastructure;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Departments;

/// <summary>Configuration section <c>DepartmentApi</c>: the OAuth 2.0 token endpoint for departments' systems.</summary>
public sealed class DepartmentApiOptions
{
    public const string Section = "DepartmentApi";

    /// <summary>Refuse token requests and bearer calls over plain HTTP. Off only for local runs and tests (and behind a TLS-terminating proxy that forwards the scheme, it stays on).</summary>
    public bool RequireHttps { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Departments' own systems authenticate as their unit with OAuth 2.0 client credentials (RFC 6749 §4.4), with
/// OpenIddict as the token server: one client per unit (<c>unit-</c> and the unit's id), its secret stored hashed,
/// scope <c>tasks</c>. A token acts as the unit's system account (a staff account of the unit with clerk and
/// reviewer roles that cannot sign in with a password), so the task verbs and their checks are the workbench's:
/// a system acts on its own unit's tasks only. Tokens are checked against their stored entries, so removing or
/// rotating a client ends its tokens at once.
/// </summary>
public static class DepartmentClients
{
    public const string Scope = "tasks";
    public const string TokenPath = "/connect/token";
    public const string TaskWorkPolicy = "task-work";

    /// <summary>The bearer token when the request carries one, the sign-in cookie otherwise (one scheme, so that one challenge answers).</summary>
    public const string CookieOrBearer = "cookie-or-bearer";
    private const string ClientPrefix = "unit-";

    public static void AddDepartmentClients(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DepartmentApiOptions.Section).Get<DepartmentApiOptions>() ?? new DepartmentApiOptions();
        services.AddOptions<DepartmentApiOptions>().BindConfiguration(DepartmentApiOptions.Section);
        services.AddAuthentication().AddPolicyScheme(CookieOrBearer, "Staff or a department's system", o => o.ForwardDefaultSelector = context =>
            context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                : IdentityConstants.ApplicationScheme);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<OneWindowDb>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes(Scope);
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                var aspnet = o.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!options.RequireHttps)
                {
                    aspnet.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.EnableTokenEntryValidation();
            });
        // Every process derives the same token keys from the master key (nothing more to share or store).
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>().Configure<KeyEncryption>((server, encryption) =>
        {
            server.SigningCredentials.Add(new SigningCredentials(new ECDsaSecurityKey(SigningKey(encryption)) { KeyId = "onewindow-departments" }, SecurityAlgorithms.EcdsaSha256));
            server.EncryptionCredentials.Add(new EncryptingCredentials(new SymmetricSecurityKey(encryption.Derive("oauth-encryption")), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        });
    }

    /// <summary>
    /// The P-256 key that signs access tokens, derived from the master key: its private scalar is an HKDF output
    /// (below the curve's order in all but about one case in 2^32, when the next counter is taken).
    /// </summary>
    private static ECDsa SigningKey(KeyEncryption encryption)
    {
        for (var counter = 0; ; counter++)
        {
            var scalar = encryption.Derive($"oauth-signing-p256/{counter}");
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
            }
            catch (CryptographicException) when (counter < 16)
            {
                // zero or not below the order: take the next one
            }
            finally
            {
                CryptographicOperations.ZeroMemory(scalar);
            }
        }
    }

    /// <summary>
    /// Signed in with the cookie, or a department's system with a bearer token of scope <c>tasks</c>; who may do
    /// what to a task is the verbs' own rule (anyone else learns nothing: 404).
    /// </summary>
    public static void AddTaskWorkPolicy(AuthorizationBuilder builder) => builder.AddPolicy(TaskWorkPolicy, p => p
        .AddAuthenticationSchemes(CookieOrBearer)
        .RequireAuthenticatedUser()
        .RequireAssertion(c => c.User.FindFirst(OwClaims.SystemOf) is null || c.User.HasScope(Scope)));

    public sealed record ClientView(string ClientId, string ClientSecret, string TokenEndpoint, string Scope);

    public static void MapDepartmentClients(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, TokenAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        var unit = app.MapGroup("/api/units/{unitId:guid}").WithTags("Department systems").RequireAuthorization(OwClaims.StaffPolicy);
        unit.MapPut("/client", PutClientAsync);
        unit.MapDelete("/client", DeleteClientAsync);
    }

    /// <summary>The token endpoint (OpenIddict has checked the client's id and secret and the grant type already).</summary>
    private static async Task<IResult> TokenAsync(HttpContext http, IOpenIddictApplicationManager applications, UserManager<Account> users, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsClientCredentialsGrantType() || request.ClientId is not { } clientId || UnitOf(clientId) is not { } unitId
            || await applications.FindByClientIdAsync(clientId) is null
            || await users.FindByNameAsync(SystemUserName(unitId)) is not { } account || (account.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidClient,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "This client is not a department system of a unit.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, OwClaims.Name, ClaimTypes.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, account.Id.ToString());
        identity.SetClaim(ClaimTypes.NameIdentifier, account.Id.ToString());
        identity.SetClaim(OwClaims.Kind, nameof(AccountKind.Staff));
        identity.SetClaim(OwClaims.Roles, ((int)account.Roles).ToString(CultureInfo.InvariantCulture));
        identity.SetClaim(OwClaims.Name, account.RealName);
        identity.SetClaim(OwClaims.Unit, unitId.ToString());
        identity.SetClaim(OwClaims.SystemOf, unitId.ToString());
        identity.SetScopes(request.GetScopes().Intersect([Scope]));
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Makes the unit's client (or gives it a new secret, ending its tokens); the secret is shown this once.</summary>
    private static async Task<Results<Ok<ClientView>, ProblemHttpResult>> PutClientAsync(Guid unitId, HttpContext http, ClaimsPrincipal user, UserManager<Account> users,
        OneWindowDb db, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock, CancellationToken ct)
    {
        var made = await MakeAsync((await CurrentAccount.GetAsync(user, users))!, unitId, $"{http.Request.Scheme}://{http.Request.Host}{TokenPath}", users, db, applications, tokens, clock, ct);
        return made.Succeeded ? TypedResults.Ok(made.Value!) : Problems.From(made.Failure!);
    }

    /// <summary>Makes the unit's client, or gives it a new secret and ends its tokens (the API and the integration page); the secret is in the answer only.</summary>
    public static async Task<Outcome<ClientView>> MakeAsync(Account actor, Guid unitId, string tokenEndpoint, UserManager<Account> users,
        OneWindowDb db, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(clock);
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null)
        {
            return new Missing("Unit");
        }
        var clientId = ClientIdOf(unitId);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = unit.Name + "业务系统",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Scope },
        };
        try
        {
            if (await users.FindByNameAsync(SystemUserName(unitId)) is null)
            {
                var created = await users.CreateAsync(new Account
                {
                    UserName = SystemUserName(unitId),
                    Kind = AccountKind.Staff,
                    UnitId = unitId,
                    Roles = StaffRoles.Clerk | StaffRoles.Reviewer,
                    RealName = unit.Name + "业务系统",
                    CreatedAt = clock.GetUtcNow(),
                });
                if (!created.Succeeded)
                {
                    return (new StateConflict(Texts.T("The unit's system account could not be made: {0}", string.Join("; ", created.Errors.Select(e => e.Description)))));
                }
            }
            if (await applications.FindByClientIdAsync(clientId, ct) is { } existing)
            {
                await RevokeTokensAsync(applications, tokens, existing, ct);
                await applications.UpdateAsync(existing, descriptor, ct);
            }
            else
            {
                await applications.CreateAsync(descriptor, ct);
            }
        }
        catch (Exception ex) when (IsLostRace(ex))
        {
            // Another admin made or changed the account or client between our read and our write (unique index,
            // concurrency token, or OpenIddict's own duplicate-id check): theirs stands, this one changed nothing.
            return new StateConflict(Texts.T("Someone else changed this unit's client just now; try again"));
        }
        return new ClientView(clientId, secret, tokenEndpoint, Scope);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteClientAsync(Guid unitId, ClaimsPrincipal user, UserManager<Account> users,
        OneWindowDb db, IOpenIddictApplicationManager applications, CancellationToken ct) =>
        await RemoveAsync((await CurrentAccount.GetAsync(user, users))!, unitId, db, applications, ct) is { Succeeded: false } failed
            ? Problems.From(failed.Failure!)
            : TypedResults.NoContent();

    /// <summary>Removes the unit's client and, with it, its tokens (the API and the integration page).</summary>
    public static async Task<Outcome<bool>> RemoveAsync(Account actor, Guid unitId, OneWindowDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(applications);
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageIntegration, ct) is { } refused)
        {
            return refused;
        }
        if (await applications.FindByClientIdAsync(ClientIdOf(unitId), ct) is not { } existing)
        {
            return new Missing("The unit's system client");
        }
        try
        {
            // Deleting the client deletes its tokens with it (OpenIddict's store, one transaction), and token entries
            // are checked on every request, so its tokens end here. Revoking them first would let concurrent
            // removals spoil each other's token rows so that none of them wins.
            await applications.DeleteAsync(existing, ct);
        }
        catch (Exception ex) when (IsLostRace(ex))
        {
            return new StateConflict(Texts.T("Someone else changed this unit's client just now; try again"));
        }
        return true;
    }

    /// <summary>The OAuth client id of a unit's system.</summary>
    public static string ClientIdOf(Guid unitId) => ClientPrefix + unitId.ToString("N");

    private static bool IsLostRace(Exception exception) => exception switch
    {
        OpenIddictExceptions.ConcurrencyException => true,
        OpenIddictExceptions.ValidationException => true, // its duplicate client id check, met by a concurrent create
        DbUpdateConcurrencyException => true,
        DbUpdateException update when DbErrors.IsUniqueViolation(update) => true,
        _ => DbErrors.IsSerializationFailure(exception), // OpenIddict deletes under repeatable read

    };

    private static async Task RevokeTokensAsync(IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, object application, CancellationToken ct)
    {
        var id = await applications.GetIdAsync(application, ct);
        if (id is null)
        {
            return;
        }
        await foreach (var token in tokens.FindByApplicationIdAsync(id, ct))
        {
            await tokens.TryRevokeAsync(token, ct);
        }
    }

    private static string SystemUserName(Guid unitId) => "system-" + unitId.ToString("N");

    private static Guid? UnitOf(string clientId) =>
        clientId.StartsWith(ClientPrefix, StringComparison.Ordinal) && Guid.TryParseExact(clientId[ClientPrefix.Length..], "N", out var unit) ? unit : null;
}
