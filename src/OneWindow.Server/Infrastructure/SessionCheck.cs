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
/// cookie issued before is refused from the next request on — in this process at once, in other server
/// processes as soon as they hear of the write (PostgreSQL: a notification; SQLite: within
/// <c>Caches:TrustFor</c>). The account comes from <see cref="AccountCache"/> or one lookup by key, and
/// the endpoint's <see cref="CurrentAccount"/> then finds it in the request's unit of work; no cookie is re-issued (unlike Identity's own validator
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
        var account = Guid.TryParse(id, out var key) ? await AccountAsync(services, key) : null;
        var stampClaim = options.SecurityStampClaimType;
        var presented = context.Principal?.FindFirst(stampClaim)?.Value;
        if (account is null || presented is null || !string.Equals(account.SecurityStamp, presented, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// The account, tracked in the request's unit of work so that the endpoint's <see cref="CurrentAccount"/>
    /// finds it without a second query: from <see cref="AccountCache"/> when an earlier request read it and
    /// nothing has written accounts since, else from the database (and then remembered).
    /// </summary>
    private static async Task<Account?> AccountAsync(IServiceProvider services, Guid key)
    {
        var db = services.GetRequiredService<OneWindowDb>();
        var cache = services.GetRequiredService<AccountCache>();
        if (cache.Find(key) is { } cached)
        {
            db.Attach(cached);
            return cached;
        }
        var version = cache.Version;
        var account = await services.GetRequiredService<AccountLookup>().Find(db, key);
        if (account is not null)
        {
            cache.Remember(account, version);
        }
        return account;
    }
}
