using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneWindow.Identity;

namespace OneWindow.Server.Infrastructure;

/// <summary>Claim types the platform adds at sign-in, and the policies built on them.</summary>
public static class Claims
{
    public const string Kind = "ow:kind";
    public const string Roles = "ow:roles";
    public const string Unit = "ow:unit";
    public const string Name = "ow:name";

    /// <summary>On a department system's access token: the unit whose system it is.</summary>
    public const string SystemOf = "ow:system";

    public const string StaffPolicy = "staff";
    public const string ResidentPolicy = "resident";
    public const string ApplicantPolicy = "applicant";
    public const string PlatformAdminPolicy = "platform-admin";

    public static StaffRoles RolesOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(Roles), NumberStyles.None, CultureInfo.InvariantCulture, out var roles) ? (StaffRoles)roles : StaffRoles.None;

    public static bool IsStaff(ClaimsPrincipal user) => user.FindFirstValue(Kind) == nameof(AccountKind.Staff);

    public static bool IsResident(ClaimsPrincipal user) => user.FindFirstValue(Kind) == nameof(AccountKind.Resident);

    public static void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) => builder
        .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(Kind, nameof(AccountKind.Staff)))
        .AddPolicy(ResidentPolicy, p => p.RequireAuthenticatedUser().RequireClaim(Kind, nameof(AccountKind.Resident)))
        .AddPolicy(ApplicantPolicy, p => p.RequireAuthenticatedUser().RequireClaim(Kind, nameof(AccountKind.Resident), nameof(AccountKind.Enterprise), nameof(AccountKind.Institution)))
        .AddPolicy(PlatformAdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => RolesOf(c.User).HasFlag(StaffRoles.PlatformAdmin)));
}

/// <summary>Puts kind, roles, unit and display name into the sign-in cookie.</summary>
public sealed class AccountClaimsFactory(UserManager<Account> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Claims.Kind, user.Kind.ToString()));
        identity.AddClaim(new Claim(Claims.Roles, ((int)user.Roles).ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Claims.Name, user.RealName));
        if (user.UnitId is { } unit)
        {
            identity.AddClaim(new Claim(Claims.Unit, unit.ToString()));
        }
        return identity;
    }
}
