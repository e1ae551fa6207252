using Microsoft.AspNetCore.Identity;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// Changes a staff account's roles, or disables and re-enables it — along the supervising line only.
/// Each change renews the account's security stamp, so every session it has ends at once.
/// </summary>
public static class ManageStaffAccount
{
    private const StaffRoles UnitRoles = StaffRoles.Clerk | StaffRoles.Reviewer | StaffRoles.UnitAdmin | StaffRoles.Supervisor;

    public static async Task<Outcome<Account>> SetRolesAsync(Account actor, Guid accountId, StaffRoles? roles, OneWindowDb db, UserManager<Account> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var target = await TargetAsync(actor, accountId, db, users, ct);
        if (!target.Succeeded)
        {
            return target;
        }
        if (roles is not { } wanted || wanted == StaffRoles.None || (wanted & ~UnitRoles) != 0)
        {
            return ValidationFailed.Single("roles", Texts.T("must be one or more of clerk, reviewer, unit-admin, supervisor"));
        }
        if (target.Value!.Id == actor.Id && !wanted.HasFlag(StaffRoles.UnitAdmin) && !actor.Has(StaffRoles.PlatformAdmin))
        {
            return ValidationFailed.Single("roles", Texts.T("you cannot take the unit-admin role from yourself; ask an admin above your unit"));
        }
        var account = target.Value;
        // Platform admin is granted only outside the API; keep it if the account has it.
        account.Roles = wanted | (account.Roles & StaffRoles.PlatformAdmin);
        return await SaveAsync(account, users);
    }

    public static async Task<Outcome<Account>> SetEnabledAsync(Account actor, Guid accountId, bool enabled, OneWindowDb db, UserManager<Account> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var target = await TargetAsync(actor, accountId, db, users, ct);
        if (!target.Succeeded)
        {
            return target;
        }
        var account = target.Value!;
        if (account.Id == actor.Id && !enabled)
        {
            return new StateConflict(Texts.T("You cannot disable your own account"));
        }
        // A disabled account is locked out indefinitely: sign-in refuses it with the same answer as a wrong password.
        account.LockoutEnabled = true;
        account.LockoutEnd = enabled ? null : DateTimeOffset.MaxValue;
        account.AccessFailedCount = 0;
        return await SaveAsync(account, users);
    }

    private static async Task<Outcome<Account>> TargetAsync(Account actor, Guid accountId, OneWindowDb db, UserManager<Account> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = await users.FindByIdAsync(accountId.ToString());
        if (target is null || target.Kind != AccountKind.Staff || target.UnitId is not { } unitId)
        {
            return new Missing("Staff account");
        }
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageStaff, ct) is { } denied)
        {
            return denied;
        }
        return target;
    }

    private static async Task<Outcome<Account>> SaveAsync(Account account, UserManager<Account> users)
    {
        var stamped = await users.UpdateSecurityStampAsync(account); // also saves the change above
        if (stamped.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return new StateConflict(Texts.T("Someone else changed this account just now; look at it again before changing it"), "changed");
        }
        return stamped.Succeeded ? account : RegisterResident.IdentityFailure(stamped);
    }
}
