using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Applications;
using OneWindow.Applications.Drafts;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Applications;

/// <summary>
/// The applicant's own drafts under <c>/api/drafts</c>, one per bundle or item code: <c>PUT</c> saves (with
/// the version loaded, a save from an older copy answers 409), <c>GET</c> lists or reads, <c>DELETE</c>
/// discards. Submitting the application removes its draft in the same transaction.
/// </summary>
public static class DraftEndpoints
{
    public sealed record DraftView(string Code, string? DivisionCode, IReadOnlyDictionary<string, string> Fields, DeliveryMethod? Delivery, string? DeliveryAddress, DateTimeOffset SavedAt, DateTimeOffset KeptUntil, int Version);

    public static void MapDrafts(this IEndpointRouteBuilder app)
    {
        var drafts = app.MapGroup("/api/drafts").RequireAuthorization(Claims.ApplicantPolicy).WithTags("Cases");
        drafts.MapGet("/", ListAsync);
        drafts.MapGet("/{code}", GetAsync);
        drafts.MapPut("/{code}", SaveAsync);
        drafts.MapDelete("/{code}", DiscardAsync);
    }

    private static DraftView View(FormDraft d, Drafts drafts) =>
        new(d.Code, d.DivisionCode, d.Fields, d.Delivery, d.DeliveryAddress, d.SavedAt, drafts.KeptUntil(d), d.Version);

    private static async Task<Ok<IReadOnlyList<DraftView>>> ListAsync(ClaimsPrincipal user, UserManager<Account> users, Drafts drafts, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        return TypedResults.Ok<IReadOnlyList<DraftView>>([.. (await drafts.ListAsync(actor, ct)).Select(d => View(d, drafts))]);
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetAsync(string code, ClaimsPrincipal user, UserManager<Account> users, Drafts drafts, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        return await drafts.FindAsync(actor, code, ct) is { } draft ? TypedResults.Ok(View(draft, drafts)) : Problems.From(new OneWindow.Common.Missing("Draft"));
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> SaveAsync(string code, Drafts.Save body, ClaimsPrincipal user, UserManager<Account> users, Drafts drafts, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var outcome = await drafts.SaveAsync(actor, code, body, ct);
        return outcome.Succeeded ? TypedResults.Ok(View(outcome.Value!, drafts)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DiscardAsync(string code, ClaimsPrincipal user, UserManager<Account> users, Drafts drafts, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        return await drafts.DiscardAsync(actor, code, ct) ? TypedResults.NoContent() : Problems.From(new OneWindow.Common.Missing("Draft"));
    }
}
