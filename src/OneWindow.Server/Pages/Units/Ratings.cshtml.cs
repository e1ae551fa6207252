using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Ratings;
using OneWindow.Server.Infrastructure;
using OneWindow.Server.Ratings;

namespace OneWindow.Server.Pages.Units;

/// <summary>
/// 好差评 for staff: the smile index of what they may see (a supervisor their division subtree by unit, department,
/// division or item; anyone else their own unit), with counts and intervals in a chart and its table; and what was said
/// of their unit — levels, indicators, comments, never who or which case.
/// </summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class RatingsModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, RatingServices ratings) : PageModel
{
    public SmileIndex.Result? Smile { get; private set; }

    public RatingViews.UnitPage? Said { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Division { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(User, users))!;
        var filter = SmileFilter.Read(ratings.Today, From, To, Division, null, null, null, By);
        var smile = filter.Succeeded ? await SmileIndex.QueryAsync(db, actor, filter.Value!, ct) : filter.Failure!;
        if (smile.Succeeded)
        {
            Smile = smile.Value;
        }
        else
        {
            Errors = smile.Failure!.AsFieldErrors("filter");
        }
        if (actor.UnitId is { } unit)
        {
            Said = (await RatingViews.ForUnitAsync(actor, unit, Math.Clamp(PageNumber, 1, Paging.MaxPage), 20, db, ct)).Value;
        }
        return Page();
    }
}
