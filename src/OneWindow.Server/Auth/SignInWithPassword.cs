using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OneWindow.Identity;

namespace OneWindow.Server.Auth;

/// <summary>
/// Password sign-in shared by the API and the login page. Every failure — unknown account, wrong
/// password, locked or disabled account — gets the same answer after the same hashing work, so the
/// answer and its timing do not tell whether an account exists. Failures count towards lockout and the
/// <see cref="SignInThrottle"/>.
/// </summary>
public static class SignInWithPassword
{
    public const string Failed = "The account or password is wrong, or the account is locked for a while after too many attempts";

    public sealed record Result(Account? Account, string Message, TimeSpan? RetryAfter = null);

    private static string? s_dummyHash;

    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static async Task<Result> HandleAsync(SignInManager<Account> signIn, SignInThrottle throttle, string client, string accountName, string password)
    {
        var name = accountName.Trim().ToUpperInvariant() is { Length: 18 } upper && upper.All(c => char.IsAsciiDigit(c) || c == 'X')
            ? upper
            : accountName.Trim();
        if (throttle.Blocked(client, name) is { } wait)
        {
            return new Result(null, $"Too many failed sign-ins; try again in {Math.Ceiling(wait.TotalSeconds)} seconds", wait);
        }
        var account = await signIn.UserManager.FindByNameAsync(name);
        if (account is not null)
        {
            var result = await signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return new Result(account, "");
            }
            if (result.IsLockedOut || result.IsNotAllowed)
            {
                Hash(signIn, password); // the lockout check answers before hashing: do the same work as for a wrong password
            }
        }
        else
        {
            Hash(signIn, password);
        }
        throttle.Failed(client, name);
        return new Result(null, Failed);
    }

    /// <summary>Signs out and renews the account's security stamp, which ends its sessions everywhere.</summary>
    public static async Task SignOutEverywhereAsync(SignInManager<Account> signIn, ClaimsPrincipal user)
    {
        if (await signIn.UserManager.GetUserAsync(user) is { } account)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(account);
        }
        await signIn.SignOutAsync();
    }

    private static void Hash(SignInManager<Account> signIn, string password)
    {
        var hasher = signIn.UserManager.PasswordHasher;
        var dummy = new Account();
        s_dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(dummy, s_dummyHash, password);
    }
}
