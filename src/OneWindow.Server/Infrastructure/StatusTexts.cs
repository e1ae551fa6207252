using Microsoft.AspNetCore.WebUtilities;
using OneWindow.Common;

namespace OneWindow.Server.Infrastructure;

/// <summary>
/// ProblemDetails the framework writes by itself (a body over the limit, an unbindable request, a status without a body,
/// the sign-in challenge) carry English reason phrases; this gives them a title and, where they have none, a detail in
/// the request's language, like every other error.
/// </summary>
public static class StatusTexts
{
    public static void Fill(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Status is not { } status)
        {
            return;
        }
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status))
        {
            problem.Title = status switch
            {
                400 => Texts.T("Invalid request"),
                401 => Texts.T("Sign in first"),
                403 => Texts.T("Forbidden"),
                404 => Texts.T("Not found"),
                405 => Texts.T("Method not allowed"),
                409 => Texts.T("Conflict"),
                413 => Texts.T("Request too large"),
                415 => Texts.T("Unsupported media type"),
                429 => Texts.T("Too many requests"),
                >= 500 => Texts.T("Something went wrong on our side"),
                _ => problem.Title,
            };
        }
        problem.Detail ??= status switch
        {
            400 => Texts.T("The request could not be read; check its fields and format"),
            401 => Texts.T("Sign in to do this"),
            413 => Texts.T("The request is larger than this endpoint accepts; nothing was saved"),
            _ => null,
        };
    }
}
