using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneWindow.Calendar;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;
using OneWindow.Unresolved;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Unresolved;

/// <summary>
/// 办不成事反映 over HTTP: anyone files (signed in, a clerk at a window, or a kiosk without an account); the person follows
/// it by tracking number and the phone's last four digits, and rates the answer; the level in charge lists, reads and answers.
/// </summary>
public static class UnresolvedEndpoints
{
    public sealed record TrackRating(string? Number, string? Phone, int? Rating);

    public sealed record Answer(string? Outcome, int? Version);

    public sealed record Rate(int? Rating);

    public static void MapUnresolved(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/unresolved-reports").WithTags("Unresolved").AllowAnonymous();
        open.MapPost("", async Task<Results<Created<UnresolvedReports.View>, ProblemHttpResult>> (UnresolvedReports.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            CalendarCache calendars, TimeProvider clock, IOptions<UnresolvedOptions> options, CancellationToken ct) =>
        {
            var actor = await CurrentAccount.GetAsync(user, users);
            var filed = await UnresolvedReports.FileAsync(actor, body, db, calendars, clock, options.Value, ct);
            return filed.Succeeded
                ? TypedResults.Created($"/api/unresolved-reports/track?number={filed.Value!.TrackingNumber}", (await UnresolvedReports.ViewsAsync([filed.Value], db, clock, ct))[0])
                : Problems.From(filed.Failure!);
        });
        open.MapGet("/track", async Task<Results<Ok<UnresolvedReports.View>, ProblemHttpResult>> (string? number, string? phone, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var found = await UnresolvedReports.TrackAsync(number, phone, db, ct);
            return found.Succeeded ? TypedResults.Ok((await UnresolvedReports.ViewsAsync([found.Value!], db, clock, ct))[0]) : Problems.From(found.Failure!);
        });
        open.MapPost("/track/rating", async Task<Results<Ok<UnresolvedReports.View>, ProblemHttpResult>> (TrackRating body, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var found = await UnresolvedReports.TrackAsync(body.Number, body.Phone, db, ct);
            var rated = found.Succeeded ? await UnresolvedReports.RateAsync(found.Value!, body.Rating, db, clock, ct) : found;
            return rated.Succeeded ? TypedResults.Ok((await UnresolvedReports.ViewsAsync([rated.Value!], db, clock, ct))[0]) : Problems.From(rated.Failure!);
        });

        var mine = app.MapGroup("/api/me/unresolved-reports").WithTags("Unresolved").RequireAuthorization(OwClaims.ApplicantPolicy);
        mine.MapGet("", async (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await UnresolvedReports.ViewsAsync(await UnresolvedReports.OfReporterAsync((await CurrentAccount.GetAsync(user, users))!, db, ct), db, clock, ct)));
        mine.MapPost("/{id:guid}/rating", async Task<Results<Ok<UnresolvedReports.View>, ProblemHttpResult>> (Guid id, Rate body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var found = await UnresolvedReports.MineAsync((await CurrentAccount.GetAsync(user, users))!, id, db, ct);
            var rated = found.Succeeded ? await UnresolvedReports.RateAsync(found.Value!, body.Rating, db, clock, ct) : found;
            return rated.Succeeded ? TypedResults.Ok((await UnresolvedReports.ViewsAsync([rated.Value!], db, clock, ct))[0]) : Problems.From(rated.Failure!);
        });

        var staff = app.MapGroup("/api/unresolved-reports").WithTags("Unresolved").RequireAuthorization(OwClaims.StaffPolicy);
        staff.MapGet("", async Task<Results<Ok<UnresolvedReports.Page>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct,
            bool open = false, int page = 1) =>
        {
            var errors = new FieldErrors();
            Paging.Check(errors, page, UnresolvedReports.PageSize);
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            var list = await UnresolvedReports.ForStaffAsync((await CurrentAccount.GetAsync(user, users))!, open, page, db, clock, ct);
            return list.Succeeded ? TypedResults.Ok(list.Value!) : Problems.From(list.Failure!);
        });
        staff.MapGet("/{id:guid}", async Task<Results<Ok<UnresolvedReports.View>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await UnresolvedReports.ForStaffAsync((await CurrentAccount.GetAsync(user, users))!, id, db, clock, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        staff.MapPost("/{id:guid}/answer", async Task<Results<Ok<UnresolvedReports.View>, ProblemHttpResult>> (Guid id, Answer body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = (await CurrentAccount.GetAsync(user, users))!;
            var answered = await UnresolvedReports.ResolveAsync(actor, id, body.Outcome, body.Version, db, clock, ct);
            return answered.Succeeded ? TypedResults.Ok((await UnresolvedReports.ForStaffAsync(actor, id, db, clock, ct)).Value!) : Problems.From(answered.Failure!);
        });
    }
}
