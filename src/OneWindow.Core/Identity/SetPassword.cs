using Microsoft.AspNetCore.Identity;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// Activates or resets a staff account's password: a platform admin, an admin of the same unit, or
/// an admin of a unit above it on its supervising line (a township admin for the villages below it) may. This is how
/// accounts made by bulk provisioning are handed over.
/// </summary>
public static class SetPassword
{
    public static async Task<Outcome<Account>> HandleAsync(Account actor, Guid accountId, string? password, OneWindowDb db, UserManager<Account> users, CancellationToken ct)
    {
        var target = await users.FindByIdAsync(accountId.ToString());
        if (target is null || target.Kind != AccountKind.Staff || target.UnitId is not { } unitId)
        {
            return new Missing("Staff account");
        }
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageStaff, ct) is { } denied)
        {
            return denied;
        }
        if (string.IsNullOrEmpty(password))
        {
            return ValidationFailed.Single("password", Texts.T("is required"));
        }
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, target, password);
            if (!check.Succeeded)
            {
                return RegisterResident.IdentityFailure(check);
            }
        }
        if (await users.HasPasswordAsync(target))
        {
            await users.RemovePasswordAsync(target);
        }
        var added = await users.AddPasswordAsync(target, password);
        if (!added.Succeeded)
        {
            return RegisterResident.IdentityFailure(added);
        }
        await users.SetLockoutEndDateAsync(target, null);
        return target;
    }
}
