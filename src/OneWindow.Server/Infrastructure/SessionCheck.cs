using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneWindow.Identity;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// Checks every signed-in request against the account's current security stamp: signing out, a
/// password change or reset, a role change or disabling the account renews the stamp, and every
/// cookie issued before is refused from the next request on, in every server process. One lookup of
/// the account by key per request — the same one the endpoint's <see cref="CurrentAccount"/> then
/// finds in the request's unit of work — and no cookie is re-issued (unlike Identity's own validator
/// at interval zero, which rebuilt the principal and re-encrypted the cookie on every request).
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<Account>>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = context.Principal is { } principal ? users.GetUserId(principal) : null;
        var account = id is null ? null : await users.FindByIdAsync(id);
        var presented = context.Principal?.FindFirst(stampClaim)?.Value;
        if (account is null || presented is null || !string.Equals(account.SecurityStamp, presented, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
