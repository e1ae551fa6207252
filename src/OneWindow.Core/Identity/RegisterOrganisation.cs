using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Formats;

namespace OneWindow.Identity;

/// <summary>
/// Registration of an organisation (法人注册): its unified social credit code and name, and the agent
/// (经办人) who acts for it — real name and identity number. The credit code is the sign-in name; its
/// registration authority decides the kind: 9 (market regulation) is an enterprise, every other authority
/// an institution. Like resident registration, the answer does not reveal whether the code was registered before.
/// </summary>
public static class RegisterOrganisation
{
    public const int MaxNameLength = 200;

    public sealed record Request(string? CreditCode, string? OrganisationName, string? AgentName, string? AgentIdNumber, string? Password, string? Phone);

    public sealed record Registered(string CreditCode, AccountKind Kind, [property: System.Text.Json.Serialization.JsonIgnore] Guid? AccountId);

    public static AccountKind KindOf(string creditCode) => creditCode[0] == '9' ? AccountKind.Enterprise : AccountKind.Institution;

    public static async Task<Outcome<Registered>> HandleAsync(Request request, OneWindowDb db, UserManager<Account> users, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var code = UnifiedSocialCreditCode.Parse(request.CreditCode);
        if (!code.IsValid)
        {
            errors.Add("creditCode", Texts.T("not a valid unified social credit code ({0}): {1}", code.Rule!, code.Reason!));
        }
        var name = TextInput.Clean(request.OrganisationName ?? "");
        if (name.Length is 0 or > MaxNameLength || TextInput.Problem(name) is not null)
        {
            errors.Add("organisationName", Texts.T("must be 1 to {0} characters of plain text, as registered", MaxNameLength));
        }
        var agent = TextInput.Clean(request.AgentName ?? "");
        if (!PersonName.IsValid(agent))
        {
            errors.Add("agentName", PersonName.Rule);
        }
        var agentId = ResidentIdNumber.Parse(request.AgentIdNumber, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!agentId.IsValid)
        {
            errors.Add("agentIdNumber", Texts.T("not a valid resident identity number ({0}): {1}", agentId.Rule!, agentId.Reason!));
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
        var creditCode = code.Value!.Value;
        var account = new Account
        {
            UserName = creditCode,
            CreditCode = creditCode,
            OrganisationName = name,
            RealName = agent,
            AgentIdNumber = agentId.Value!.Value,
            PhoneNumber = phone,
            Kind = KindOf(creditCode),
            CreatedAt = clock.GetUtcNow(),
        };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, account, request.Password!);
            if (!check.Succeeded)
            {
                return RegisterResident.IdentityFailure(check);
            }
        }
        var received = new Registered(creditCode, account.Kind, null);
        if (await db.Users.AnyAsync(a => a.CreditCode == creditCode, ct))
        {
            // Already registered: the same answer after the same hashing work.
            users.PasswordHasher.HashPassword(account, request.Password!);
            return received;
        }
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, request.Password!);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // The same code registered at the same moment by another request: the same answer.
            return received;
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName") ? received : RegisterResident.IdentityFailure(created);
        }
        return received with { AccountId = account.Id };
    }
}
