using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Ratings;
using OneWindow.Server.Infrastructure;
using OneWindow.Server.Ratings;

namespace OneWindow.Server.Pages;

/// <summary>
/// The rating link of an invitation (智能邀评): opens without signing in, shows the one matter and stage the link rates,
/// takes the rating once. A link that is wrong, used or expired says so, and nothing else is reachable from here.
/// </summary>
[AllowAnonymous]
public sealed class RateModel(OneWindowDb db, RatingServices ratings) : PageModel
{
    public RatingViews.LinkView? Link { get; private set; }

    public string? Refusal { get; private set; }

    public bool Thanked { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var rated = await RateApplication.ByLinkAsync(token, RatingForm.Read(Request.Form), db, ratings, ct);
        if (rated.Succeeded)
        {
            Thanked = true;
            return Page();
        }
        db.ChangeTracker.Clear();
        await LoadAsync(token, ct);
        Errors = rated.Failure is OneWindow.Common.ValidationFailed ? rated.Failure.AsFieldErrors("rating") : Errors;
        ViewData["FieldLabels"] = RatingForm.Labels(Link?.Indicators);
        if (rated.Failure is not OneWindow.Common.ValidationFailed)
        {
            Refusal ??= rated.Failure!.Detail;
        }
        return Page();
    }

    private async Task LoadAsync(string token, CancellationToken ct)
    {
        var link = await RatingViews.ForLinkAsync(token, db, ratings, ct);
        if (link.Succeeded)
        {
            Link = link.Value;
        }
        else
        {
            Response.StatusCode = link.Failure is OneWindow.Common.Missing ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            Refusal = link.Failure is OneWindow.Common.Missing ? Ui.T("这个评价链接无效。请检查链接是否完整，或登录后在“我的办件”中评价。") : link.Failure!.Detail;
        }
    }
}
