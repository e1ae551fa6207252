using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Notifications;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Notifications;

/// <summary>The signed-in person's inbox (every notification, in their language, with its e-mail and SMS state) and their contact details.</summary>
public static class NotificationEndpoints
{
    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Notifications").RequireAuthorization();
        me.MapGet("/notifications", async Task<Results<Ok<Inbox.Page>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct, int page = 1, int pageSize = 20) =>
        {
            var errors = new FieldErrors();
            Paging.Check(errors, page, pageSize);
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            return TypedResults.Ok(await Inbox.MineAsync((await CurrentAccount.GetAsync(user, users))!, db, page, pageSize, ct));
        });
        me.MapPost("/notifications/{id:guid}/read", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var done = await Inbox.MarkReadAsync((await CurrentAccount.GetAsync(user, users))!, id, db, clock, ct);
            return done.Succeeded ? TypedResults.NoContent() : Problems.From(done.Failure!);
        });
        me.MapGet("/contact", async (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) =>
            TypedResults.Ok(await NotificationContact.OfAsync((await CurrentAccount.GetAsync(user, users))!, db, ct)));
        me.MapPut("/contact", async Task<Results<Ok<NotificationContact.View>, ProblemHttpResult>> (NotificationContact.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) =>
        {
            var set = await NotificationContact.SetAsync((await CurrentAccount.GetAsync(user, users))!, body, db, ct);
            return set.Succeeded ? TypedResults.Ok(set.Value!) : Problems.From(set.Failure!);
        });
    }
}
