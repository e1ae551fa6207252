using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Notifications;

/// <summary>Where a person's notifications go besides the inbox (e-mail, mobile number — kept with the account) and the language they are written in.</summary>
public static class NotificationContact
{
    public sealed record Request(string? Email, string? Phone, string? Language);

    /// <summary>As shown back: the addresses masked.</summary>
    public sealed record View(string? Email, string? Phone, string Language);

    public static async Task<View> OfAsync(Account person, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var contact = ContactDetails.Of(person);
        return new View(contact.Email, contact.Phone, await LanguageAsync(db, person.Id, ct));
    }

    public static async Task<string> LanguageAsync(OneWindowDb db, Guid accountId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.NotificationPreferences.AsNoTracking().Where(p => p.AccountId == accountId).Select(p => p.Language).FirstOrDefaultAsync(ct) ?? "zh-CN";
    }

    public static async Task<Dictionary<Guid, string>> LanguagesAsync(OneWindowDb db, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.NotificationPreferences.AsNoTracking().Where(p => accountIds.Contains(p.AccountId)).ToDictionaryAsync(p => p.AccountId, p => p.Language, ct);
    }

    /// <summary>Sets the e-mail address and mobile number (empty: none) and the language (zh-CN or en), all or nothing.</summary>
    public static async Task<Outcome<View>> SetAsync(Account person, Request request, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        var errors = new FieldErrors();
        var (email, phone) = ContactDetails.Check(new ContactDetails.Request(request.Email, request.Phone), errors);
        var language = string.IsNullOrWhiteSpace(request.Language) ? "zh-CN" : request.Language.Trim();
        if (language is not ("zh-CN" or "en"))
        {
            errors.Add("language", Texts.T("must be zh-CN or en"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var contact = await ContactDetails.SetAsync(person, email, phone, db, ct);
        var preference = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.AccountId == person.Id, ct);
        if (preference is null)
        {
            db.NotificationPreferences.Add(new NotificationPreference { AccountId = person.Id, Language = language });
        }
        else
        {
            preference.Language = language;
        }
        await db.SaveChangesAsync(ct);
        return new View(contact.Email, contact.Phone, language);
    }
}
