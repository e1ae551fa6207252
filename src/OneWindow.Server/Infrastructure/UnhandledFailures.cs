using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// The last line of defence: an unexpected exception becomes one log line (event id, correlation id,
/// exception type and message — no personal data, no stack) and a 500 ProblemDetails naming the
/// correlation id. The stack goes to debug level, so a failing storm cannot flood the log. A page's failure is
/// left to the error page (<see cref="ErrorPages"/>), which shows the same correlation id.
/// </summary>
public sealed partial class UnhandledFailures(ILogger<UnhandledFailures> logger, IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Where the correlation id of a failed request is kept for the error page (<c>HttpContext.Items</c>).</summary>
    public const string CorrelationItem = "onewindow.correlation";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var correlation = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
        // The request already points at the error page here: what failed is in the feature.
        var failed = httpContext.Features.Get<IExceptionHandlerPathFeature>();
        var path = failed?.Path is { } original ? new PathString(original) : httpContext.Request.Path;
        LogFailure(logger, httpContext.Request.Method, failed?.Endpoint?.DisplayName ?? path.Value ?? "", correlation, exception.GetType().Name);
        LogStack(logger, correlation, exception);
        httpContext.Items[CorrelationItem] = correlation;
        if (httpContext.Response.HasStarted || ErrorPages.IsPage(path))
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Ui.T("系统出错了"),
                Detail = Ui.T("本次操作没有改变任何数据。如果问题一直出现，请告知客服此编号：{0}", correlation),
                Extensions = { ["correlationId"] = correlation },
            },
        });
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Request {Method} {Endpoint} failed ({CorrelationId}): {ExceptionType}")]
    private static partial void LogFailure(ILogger logger, string method, string endpoint, string correlationId, string exceptionType);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Details of failure {CorrelationId}")]
    private static partial void LogStack(ILogger logger, string correlationId, Exception exception);
}
