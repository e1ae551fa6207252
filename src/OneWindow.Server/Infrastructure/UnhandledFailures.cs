using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// The last line of defence: an unexpected exception becomes one log line (event id, correlation id,
/// exception type and message — no personal data, no stack) and a 500 ProblemDetails naming the
/// correlation id. The stack goes to debug level, so a failing storm cannot flood the log.
/// </summary>
public sealed partial class UnhandledFailures(ILogger<UnhandledFailures> logger, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var correlation = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
        LogFailure(logger, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName ?? httpContext.Request.Path.Value ?? "", correlation, exception.GetType().Name);
        LogStack(logger, correlation, exception);
        if (httpContext.Response.HasStarted)
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
                Title = "Something went wrong on our side",
                Detail = $"Nothing was changed by this request. If it keeps happening, quote {correlation}.",
                Extensions = { ["correlationId"] = correlation },
            },
        });
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Request {Method} {Endpoint} failed ({CorrelationId}): {ExceptionType}")]
    private static partial void LogFailure(ILogger logger, string method, string endpoint, string correlationId, string exceptionType);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Details of failure {CorrelationId}")]
    private static partial void LogStack(ILogger logger, string correlationId, Exception exception);
}
