using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Server.Infrastructure;
using OneWindow.Server.Supervision;
using OneWindow.Supervision;

namespace OneWindow.Server.Pages;

/// <summary>运行监管: the supervisor's dashboard of their subtree — measures, drill-down by division, items, trend, due lists, ratings and queues; each table exportable.</summary>
[Authorize(Policy = Claims.StaffPolicy)]
public sealed class SupervisionModel(OneWindowDb db, UserManager<OneWindow.Identity.Account> users, TimeProvider clock) : PageModel
{
    public SupervisionBoard.Result? Board { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Division { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = SupervisionEndpoints.ReadFilter(clock, From, To, Division, Department);
        var board = filter.Succeeded ? await SupervisionBoard.QueryAsync(db, (await CurrentAccount.GetAsync(User, users))!, filter.Value!, clock, ct) : filter.Failure!;
        if (board.Failure is OneWindow.Common.Forbidden && Division is null)
        {
            return Forbid();
        }
        Board = board.Value;
        Errors = board.Succeeded ? Errors : board.Failure!.AsFieldErrors("filter");
        return Page();
    }

    /// <summary>A link to this page (or an export) for the same period and department, at another division.</summary>
    public string Link(string? division, string? export = null, string? format = null)
    {
        var period = Board is { } b ? $"from={b.From:yyyy-MM-dd}&to={b.To:yyyy-MM-dd}" : "";
        var department = string.IsNullOrEmpty(Department) ? "" : $"&department={Uri.EscapeDataString(Department)}";
        var at = division is null ? "" : $"&division={division}";
        return export is null ? $"/Supervision?{period}{department}{at}" : $"/api/supervision/export?table={export}&format={format}&{period}{department}{at}";
    }
}
