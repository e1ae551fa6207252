using Microsoft.AspNetCore.Identity;
using OneWindow.Identity;

namespace OneWindow.Server.Auth;

/// <summary>Password sign-in shared by the API and the login page; failures count towards lockout.</summary>
public static class SignInWithPassword
{
    public sealed record Result(Account? Account, string Message);

    public static async Task<Result> HandleAsync(SignInManager<Account> signIn, string accountName, string password)
    {
        var name = accountName.Trim().ToUpperInvariant() is { Length: 18 } upper && upper.All(c => char.IsAsciiDigit(c) || c == 'X')
            ? upper
            : accountName.Trim();
        var account = await signIn.UserManager.FindByNameAsync(name);
        if (account is null)
        {
            return new Result(null, "The account or password is wrong");
        }
        var result = await signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new Result(null, "Too many failed attempts; the account is locked for 15 minutes");
        }
        return result.Succeeded ? new Result(account, "") : new Result(null, "The account or password is wrong");
    }
}
