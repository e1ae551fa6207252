using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>A unit admin, an admin above the unit on its supervising line, or a platform admin adds a staff member to a unit.</summary>
public static class CreateStaff
{
    public sealed record Request(string? UserName, string? RealName, string? Password, StaffRoles Roles);

    public sealed record Created(Guid Id, string UserName, string RealName, StaffRoles Roles, Guid UnitId);

    private const StaffRoles UnitRoles = StaffRoles.Clerk | StaffRoles.Reviewer | StaffRoles.UnitAdmin | StaffRoles.Supervisor;

    public static async Task<Outcome<Created>> HandleAsync(Account actor, Guid unitId, Request request, OneWindowDb db, UserManager<Account> users, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Units.AnyAsync(u => u.Id == unitId, ct))
        {
            return new Missing("Unit");
        }
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ManageStaff, ct) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        var userName = request.UserName?.Trim() ?? "";
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            errors.Add("userName", Texts.T("must be 3 to 64 characters: letters, digits, '-', '.', '_'"));
        }
        if (!PersonName.IsValid(TextInput.Clean(request.RealName ?? "")))
        {
            errors.Add("realName", PersonName.Rule);
        }
        if (request.Roles == StaffRoles.None || (request.Roles & ~UnitRoles) != 0)
        {
            errors.Add("roles", Texts.T("must be one or more of clerk, reviewer, unit-admin, supervisor"));
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", Texts.T("is required"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (await users.FindByNameAsync(userName) is not null)
        {
            return new StateConflict(Texts.T("The user name {0} is taken", userName));
        }
        var account = new Account
        {
            UserName = userName,
            RealName = TextInput.Clean(request.RealName!),
            Kind = AccountKind.Staff,
            UnitId = unitId,
            Roles = request.Roles,
            CreatedAt = clock.GetUtcNow(),
        };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, request.Password!);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // Two admins adding the same name at once: the unique index decides, the other is told it is taken.
            return new StateConflict(Texts.T("The user name {0} is taken", userName));
        }
        if (!created.Succeeded)
        {
            return RegisterResident.IdentityFailure(created);
        }
        return new Created(account.Id, userName, account.RealName, account.Roles, unitId);
    }
}
