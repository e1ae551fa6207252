using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// Activates or resets a staff account's password: a platform admin, an admin of the same unit, or
/// an admin of the unit directly above (a township admin for the villages below it) may. This is how
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
        if (!await MayManageAsync(actor, unitId, db, ct))
        {
            return new Forbidden("Only a platform admin, this unit's admin or the admin of the level above may set this password");
        }
        if (string.IsNullOrEmpty(password))
        {
            return ValidationFailed.Single("password", "is required");
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

    private static async Task<bool> MayManageAsync(Account actor, Guid unitId, OneWindowDb db, CancellationToken ct)
    {
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return true;
        }
        if (!actor.Has(StaffRoles.UnitAdmin) || actor.UnitId is not { } actorUnitId)
        {
            return false;
        }
        if (actorUnitId == unitId)
        {
            return true;
        }
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == unitId, ct);
        var actorUnit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == actorUnitId, ct);
        var parent = await db.Divisions.AsNoTracking().Where(d => d.Code == unit.DivisionCode).Select(d => d.ParentCode).FirstOrDefaultAsync(ct);
        return parent == actorUnit.DivisionCode;
    }
}
