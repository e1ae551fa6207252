using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Notifications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>
/// The person's messages: every notification, newest first, opened (and marked read) by following it, with whether its
/// e-mail and SMS went out; and where those go (e-mail, mobile number, language) — the same verbs as the API.
/// </summary>
[Authorize]
public sealed class InboxModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public Inbox.Page? Messages { get; private set; }

    public NotificationContact.View? Contact { get; private set; }

    public string? Notice { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Marks the message read and goes where it points.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct)
    {
        var person = (await CurrentAccount.GetAsync(User, users))!;
        await Inbox.MarkReadAsync(person, id, db, clock, ct);
        var link = (await Inbox.MineAsync(person, db, 1, Inbox.MaxPageSize, ct)).Items.FirstOrDefault(m => m.Id == id)?.Link;
        return link is not null && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) ? LocalRedirect(link) : RedirectToPage();
    }

    /// <summary>Saves the contact details: a blank field keeps what is saved (shown masked), <paramref name="stop"/> removes both.</summary>
    public async Task<IActionResult> OnPostContactAsync(string? email, string? phone, string? language, bool stop, CancellationToken ct)
    {
        var person = (await CurrentAccount.GetAsync(User, users))!;
        var request = stop
            ? new NotificationContact.Request(null, null, language)
            : new NotificationContact.Request(string.IsNullOrWhiteSpace(email) ? person.Email : email, string.IsNullOrWhiteSpace(phone) ? person.PhoneNumber : phone, language);
        var set = await NotificationContact.SetAsync(person, request, db, ct);
        if (set.Succeeded)
        {
            Notice = Ui.T("已保存。之后的消息会同时发送到这里。");
        }
        else
        {
            Errors = set.Failure!.AsFieldErrors("contact");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var person = (await CurrentAccount.GetAsync(User, users))!;
        Messages = await Inbox.MineAsync(person, db, Math.Max(1, PageNumber), 20, ct);
        Contact = await NotificationContact.OfAsync(person, db, ct);
    }
}
