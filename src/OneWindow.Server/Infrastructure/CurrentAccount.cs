using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OneWindow.Identity;

namespace OneWindow.Server.Infrastructure;

/// <summary>Loads the signed-in account fresh from storage, so role changes apply at once.</summary>
public static class CurrentAccount
{
    public static async Task<Account?> GetAsync(ClaimsPrincipal user, UserManager<Account> users)
    {
        var id = users.GetUserId(user);
        return id is null ? null : await users.FindByIdAsync(id);
    }
}
