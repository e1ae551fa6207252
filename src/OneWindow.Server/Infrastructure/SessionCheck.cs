using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
    /// <summary>The account lookup, compiled once per host: a compiled query belongs to one model, and each host has its own.</summary>
    public sealed class AccountLookup
    {
        public Func<OneWindowDb, Guid, Task<Account?>> Find { get; } = EF.CompileAsyncQuery((OneWindowDb db, Guid id) => db.Users.FirstOrDefault(a => a.Id == id));
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var id = context.Principal?.FindFirst(options.UserIdClaimType)?.Value;
        // Tracked in the request's unit of work, so the endpoint's CurrentAccount finds it without a second query.
        var account = Guid.TryParse(id, out var key) ? await services.GetRequiredService<AccountLookup>().Find(services.GetRequiredService<OneWindowDb>(), key) : null;
        var stampClaim = options.SecurityStampClaimType;
        var presented = context.Principal?.FindFirst(stampClaim)?.Value;
        if (account is null || presented is null || !string.Equals(account.SecurityStamp, presented, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
