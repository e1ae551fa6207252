using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Formats;

namespace OneWindow.Identity;

/// <summary>Real-name registration (实名注册) of a resident: name, identity number, password.</summary>
public static class RegisterResident
{
    public sealed record Request(string? RealName, string? IdNumber, string? Password, string? Phone);

    /// <summary>
    /// What the caller learns: the same whether or not the number was registered before, so registration
    /// cannot be used to find out who has an account. <see cref="AccountId"/> is for the host only.
    /// </summary>
    public sealed record Registered(string MaskedIdNumber, [property: System.Text.Json.Serialization.JsonIgnore] Guid? AccountId);

    /// <summary>
    /// Registers, after <paramref name="nameMatches"/> — the real-name check against the household registration, given
    /// by the host (true: matches; false: another name is recorded for the number; null: not known) — has not said no.
    /// </summary>
    public static async Task<Outcome<Registered>> HandleAsync(Request request, OneWindowDb db, UserManager<Account> users, TimeProvider clock, CancellationToken ct,
        Func<string, string, CancellationToken, Task<bool?>>? nameMatches = null)
    {
        var errors = new FieldErrors();
        var name = TextInput.Clean(request.RealName ?? "");
        if (!PersonName.IsValid(name))
        {
            errors.Add("realName", PersonName.Rule);
        }
        var id = ResidentIdNumber.Parse(request.IdNumber, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!id.IsValid)
        {
            errors.Add("idNumber", Texts.T("not a valid resident identity number ({0}): {1}", id.Rule!, id.Reason!));
        }
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        if (phone is not null && !PhoneNumber.IsValid(phone))
        {
            errors.Add("phone", PhoneNumber.Rule);
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", Texts.T("is required"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var idNumber = id.Value!.Value;
        if (nameMatches is not null && await nameMatches(idNumber, name, ct) is false)
        {
            // Only "does not match": what the record says is never told.
            return ValidationFailed.Single("realName", Texts.T("does not match the name in the household registration for this identity number"));
        }
        var account = new Account
        {
            UserName = idNumber,
            IdNumber = idNumber,
            RealName = name,
            PhoneNumber = phone,
            Kind = AccountKind.Resident,
            CreatedAt = clock.GetUtcNow(),
        };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, account, request.Password!);
            if (!check.Succeeded)
            {
                return IdentityFailure(check);
            }
        }
        if (await db.Users.AnyAsync(a => a.IdNumber == idNumber, ct))
        {
            // Already registered: answer exactly as for a new account, after the same hashing work.
            users.PasswordHasher.HashPassword(account, request.Password!);
            return new Registered(ResidentIdNumber.Mask(idNumber), null);
        }
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, request.Password!);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // The same number registered at the same moment by another request: the same answer.
            return new Registered(ResidentIdNumber.Mask(idNumber), null);
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName") ? new Registered(ResidentIdNumber.Mask(idNumber), null) : IdentityFailure(created);
        }
        return new Registered(ResidentIdNumber.Mask(idNumber), account.Id);
    }

    /// <summary>Turns Identity's errors (password rules, duplicates) into field errors.</summary>
    public static Failure IdentityFailure(IdentityResult result)
    {
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : error.Code.Contains("UserName", StringComparison.Ordinal) ? "userName"
                : "account";
            errors.Add(field, error.Description);
        }
        return errors.ToFailure();
    }
}
