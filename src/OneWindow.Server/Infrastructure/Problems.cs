using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Common;

namespace OneWindow.Server.Infrastructure;

/// <summary>The one place where expected failures become ProblemDetails.</summary>
public static class Problems
{
    public static ProblemHttpResult From(Failure failure) => failure switch
    {
        ValidationFailed v => TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(v.Errors.ToDictionary())
        {
            Title = v.Title,
            Status = StatusCodes.Status400BadRequest,
            Detail = v.Detail,
        }),
        Missing n => TypedResults.Problem(title: n.Title, detail: n.Detail, statusCode: StatusCodes.Status404NotFound),
        Forbidden f => TypedResults.Problem(title: f.Title, detail: f.Detail, statusCode: StatusCodes.Status403Forbidden),
        OneWindow.Applications.NoCompetentUnit u => TypedResults.Problem(title: u.Title, detail: u.Detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["missing"] = u.Missing.Select(m => new { m.ItemCode, m.ItemName, department = OneWindow.Common.EnumText.Of(m.Department), m.DivisionCode }).ToList() }),
        OneWindow.Applications.DuplicateCase d => TypedResults.Problem(title: d.Title, detail: d.Detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["existingCaseId"] = d.ExistingCaseId }),
        OneWindow.Applications.SubjectAlreadyFiled s => TypedResults.Problem(title: s.Title, detail: s.Detail, statusCode: StatusCodes.Status409Conflict),
        OneWindow.Federation.NotAccepted a => TypedResults.Problem(title: a.Title, detail: a.Detail, statusCode: StatusCodes.Status422UnprocessableEntity),
        OneWindow.Federation.PeerUnavailable u => TypedResults.Problem(title: u.Title, detail: u.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        OneWindow.Federation.MessageRefused r => TypedResults.Problem(title: r.Title, detail: r.Detail, statusCode: StatusCodes.Status401Unauthorized),
        OneWindow.Federation.MessageReplayed p => TypedResults.Problem(title: p.Title, detail: p.Detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["replayed"] = true }),
        StateConflict c => TypedResults.Problem(title: c.Title, detail: c.Detail, statusCode: StatusCodes.Status409Conflict,
            extensions: c.Current is null ? null : new Dictionary<string, object?> { ["current"] = c.Current }),
        _ => TypedResults.Problem(title: failure.Title, detail: failure.Detail, statusCode: StatusCodes.Status400BadRequest),
    };

    public static ProblemHttpResult Field(string field, string message) => From(ValidationFailed.Single(field, message));

    /// <summary>Null when the request's body is declared as JSON, else the 415 problem to answer.</summary>
    public static ProblemHttpResult? UnlessJson(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            ? null
            : TypedResults.Problem(title: "Unsupported media type", detail: $"Send the file as application/json, not {(string.IsNullOrEmpty(mediaType) ? "an undeclared type" : mediaType)}", statusCode: StatusCodes.Status415UnsupportedMediaType);
    }
}
