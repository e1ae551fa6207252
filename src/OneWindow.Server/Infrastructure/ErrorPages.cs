namespace OneWindow.Server.Infrastructure;

/// <summary>
/// Errors as their reader expects them: a browser gets an HTML page in its language (<c>Pages/Error</c>), a machine
/// calling the API, the token endpoint or the published keys gets ProblemDetails.
/// </summary>
public static class ErrorPages
{
    /// <summary>Whether the request is for a page (anything but the endpoints machines call).</summary>
    public static bool IsPage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsPage(context.Request.Path);
    }

    /// <summary>Whether <paramref name="path"/> is a page's (anything but the endpoints machines call).</summary>
    public static bool IsPage(PathString path) =>
        !(path.StartsWithSegments("/api") || path.StartsWithSegments("/connect") || path.StartsWithSegments("/.well-known")
            || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/openapi"));

    /// <summary>
    /// An exception becomes <see cref="UnhandledFailures"/>' ProblemDetails, or for a page the error page; an error
    /// status without a body becomes the error page for pages and ProblemDetails for the rest.
    /// </summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler("/Error/500");
        app.UseWhen(IsPage, pages => pages.UseStatusCodePagesWithReExecute("/Error/{0}"));
        app.UseWhen(context => !IsPage(context), machines => machines.UseStatusCodePages());
        return app;
    }
}
