using Microsoft.AspNetCore.Identity;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>
/// ASP.NET Core Identity's errors (password rules, account names) in the reader's language, from the core's
/// resource files like every other message — Identity's own describer answers in English only. An account name
/// already taken is never repeated back: it is an identity number.
/// </summary>
public sealed class IdentityMessages : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string message) => new() { Code = code, Description = message };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), Texts.T("The account could not be saved; try again"));

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), Texts.T("The account was changed at the same moment by someone else; try again"));

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), Texts.T("The password is not correct"));

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), Texts.T("must be at least {0} characters long", length));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), Texts.T("must use at least {0} different characters", uniqueChars));

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), Texts.T("must contain a character that is neither a letter nor a digit"));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), Texts.T("must contain a digit (0-9)"));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), Texts.T("must contain a lower-case letter (a-z)"));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), Texts.T("must contain an upper-case letter (A-Z)"));

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), Texts.T("An account name may contain only letters, digits and - . _"));

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), Texts.T("This account is already registered"));

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), Texts.T("The account could not be saved; try again"));
}
