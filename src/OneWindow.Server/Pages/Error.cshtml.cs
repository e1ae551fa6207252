using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneWindow.Server.Pages;

/// <summary>
/// What a browser sees when a page cannot be shown — 400, 403, 404, 500 and the rest: a page in its language that
/// says what happened and what to do next, never JSON or a stack. The status pages and the exception handler
/// re-execute here for pages only (<see cref="Infrastructure.ErrorPages"/>); the API keeps answering ProblemDetails.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>The status the failed request answered with.</summary>
    public int Code { get; private set; }

    /// <summary>For a failure on our side, the number to quote (also in the log line).</summary>
    public string? Correlation { get; private set; }

    public void OnGet(int? code) => Show(code);

    /// <summary>A failed form post is re-executed here as a post.</summary>
    public void OnPost(int? code) => Show(code);

    private void Show(int? code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode
            ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is not null ? StatusCodes.Status500InternalServerError : null);
        Code = original ?? (code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound);
        Response.StatusCode = Code; // asked for directly, the page still answers with the status it shows
        Correlation = Code >= 500 ? HttpContext.Items[Infrastructure.UnhandledFailures.CorrelationItem] as string ?? System.Diagnostics.Activity.Current?.TraceId.ToString() : null;
        Response.Headers.CacheControl = "no-store";
    }
}
