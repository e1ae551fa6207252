using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>Where a person's notifications go besides the inbox: an e-mail address, a mobile number.</summary>
public static class ContactDetails
{
    public sealed record Request(string? Email, string? Phone);

    /// <summary>The details as shown back: masked.</summary>
    public sealed record Contact(string? Email, string? Phone);

    public static Contact Of(Account person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(person.Email is null ? null : MaskEmail(person.Email), person.PhoneNumber is null ? null : MaskPhone(person.PhoneNumber));
    }

    /// <summary>The mailbox's first letter and its domain.</summary>
    public static string MaskEmail(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : address[..1] + "***" + address[at..];
    }

    /// <summary>A number's first three and last four digits.</summary>
    public static string MaskPhone(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Length >= 7 ? number[..3] + new string('*', number.Length - 7) + number[^4..] : new string('*', number.Length);
    }

    /// <summary>Checks where e-mail and SMS go (empty: none), adding what is wrong to <paramref name="errors"/>; the cleaned values.</summary>
    public static (string? Email, string? Phone) Check(Request request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        if (email is not null && (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0))
        {
            errors.Add("email", Texts.T("must be an e-mail address such as name@example.cn"));
        }
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        if (phone is not null && !PhoneNumber.IsValid(phone))
        {
            errors.Add("phone", PhoneNumber.Rule);
        }
        return (email, phone);
    }

    /// <summary>Sets where e-mail and SMS go (already checked), in the caller's unit of work (saved by the caller).</summary>
    public static async Task<Contact> SetAsync(Account person, string? email, string? phone, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.FirstAsync(a => a.Id == person.Id, ct);
        account.Email = email;
        account.NormalizedEmail = email?.ToUpperInvariant();
        account.PhoneNumber = phone;
        return Of(account);
    }
}
