using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Common;
using OneWindow.Departments;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Departments;

/// <summary>
/// A unit's own system (部门业务系统): its webhook endpoint, and the messages that could not be delivered to it.
/// Allowed to the unit's admin, admins above it on its supervising line, and platform admins.
/// </summary>
public static class DepartmentEndpointsApi
{
    public sealed record EndpointRequest(string? Url, bool? Enabled, bool? RotateSecret);

    public static void MapDepartmentEndpoints(this IEndpointRouteBuilder app)
    {
        var unit = app.MapGroup("/api/units/{unitId:guid}").WithTags("Department systems").RequireAuthorization(Claims.StaffPolicy);
        unit.MapGet("/endpoint", async Task<Results<Ok<DepartmentEndpoints.View>, ProblemHttpResult>> (Guid unitId, ClaimsPrincipal user, UserManager<Account> users, DepartmentEndpoints endpoints, CancellationToken ct) =>
            Answer(await endpoints.GetAsync((await CurrentAccount.GetAsync(user, users))!, unitId, ct)));
        unit.MapPut("/endpoint", async Task<Results<Ok<DepartmentEndpoints.View>, ProblemHttpResult>> (Guid unitId, EndpointRequest body, ClaimsPrincipal user, UserManager<Account> users, DepartmentEndpoints endpoints, CancellationToken ct) =>
            Answer(await endpoints.RegisterAsync((await CurrentAccount.GetAsync(user, users))!, unitId, body.Url, body.Enabled ?? true, body.RotateSecret ?? false, ct)))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        unit.MapDelete("/endpoint", async Task<Results<NoContent, ProblemHttpResult>> (Guid unitId, ClaimsPrincipal user, UserManager<Account> users, DepartmentEndpoints endpoints, CancellationToken ct) =>
            await endpoints.RemoveAsync((await CurrentAccount.GetAsync(user, users))!, unitId, ct) is { Succeeded: false } failed ? Problems.From(failed.Failure!) : TypedResults.NoContent());
        unit.MapGet("/webhooks", async Task<Results<Ok<DepartmentEndpoints.MessagePage>, ProblemHttpResult>> (Guid unitId, string? state, int? page, int? pageSize, ClaimsPrincipal user, UserManager<Account> users, DepartmentEndpoints endpoints, CancellationToken ct) =>
        {
            if (!TryState(state, out var wanted))
            {
                return Problems.From(ValidationFailed.Single("state", Texts.T("must be pending, delivered or dead")));
            }
            return Answer(await endpoints.MessagesAsync((await CurrentAccount.GetAsync(user, users))!, unitId, wanted, page ?? 1, pageSize ?? 50, ct));
        });
        app.MapPost("/api/webhooks/{id}/replay", async Task<Results<Ok<DepartmentEndpoints.MessageView>, ProblemHttpResult>> (string id, ClaimsPrincipal user, UserManager<Account> users, DepartmentEndpoints endpoints, DepartmentDispatch dispatch, CancellationToken ct) =>
        {
            var outcome = await endpoints.ReplayAsync((await CurrentAccount.GetAsync(user, users))!, id, ct);
            if (outcome.Succeeded)
            {
                dispatch.Wake();
            }
            return Answer(outcome);
        }).WithTags("Department systems").RequireAuthorization(Claims.StaffPolicy);
    }

    private static bool TryState(string? text, out WebhookState state)
    {
        state = WebhookState.Dead;
        return text is null || (Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _));
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Problems.From(outcome.Failure!);
}
