using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ratings;
using OneWindow.Server.Infrastructure;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Ratings;

/// <summary>
/// 好差评 over HTTP: the applicant rates and re-rates their application per stage; an invitation's link rates without
/// signing in (that stage only, once); units read what was said of them (no rater, no case); supervisors read the smile
/// index of their subtree; units and the units above handle 差评 rectifications.
/// </summary>
public static class RatingEndpoints
{
    public static void MapRatings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ratings/indicators", async (OneWindowDb db, CancellationToken ct) => TypedResults.Ok(await IndicatorSets.AllAsync(db, ct)))
            .RequireAuthorization().WithTags("Ratings");

        var cases = app.MapGroup("/api/cases/{id:guid}/ratings").WithTags("Ratings").RequireAuthorization(OwClaims.ApplicantPolicy);
        cases.MapGet("", async Task<Results<Ok<RatingViews.ApplicantView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, RatingServices services, CancellationToken ct) =>
        {
            var view = await RatingViews.ForApplicantAsync((await CurrentAccount.GetAsync(user, users))!, id, db, services, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        cases.MapPost("", async Task<Results<Created<RatingView>, ProblemHttpResult>> (Guid id, RateApplication.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, RatingServices services, CancellationToken ct) =>
        {
            var rated = await RateApplication.ByApplicantAsync((await CurrentAccount.GetAsync(user, users))!, id, body, revise: false, db, services, ct);
            return rated.Succeeded ? TypedResults.Created($"/api/cases/{id}/ratings", RatingView.From(rated.Value!)) : Problems.From(rated.Failure!);
        });
        cases.MapPut("/{stage}", async Task<Results<Created<RatingView>, ProblemHttpResult>> (Guid id, string stage, RateApplication.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, RatingServices services, CancellationToken ct) =>
        {
            var rated = await RateApplication.ByApplicantAsync((await CurrentAccount.GetAsync(user, users))!, id, body with { Stage = stage }, revise: true, db, services, ct);
            return rated.Succeeded ? TypedResults.Created($"/api/cases/{id}/ratings", RatingView.From(rated.Value!)) : Problems.From(rated.Failure!);
        });

        // The invitation's link: the token is the only credential, and it reaches this one stage of one application.
        var links = app.MapGroup("/api/rating-links/{token}").WithTags("Ratings").AllowAnonymous();
        links.MapGet("", async Task<Results<Ok<RatingViews.LinkView>, ProblemHttpResult>> (string token, OneWindowDb db, RatingServices services, CancellationToken ct) =>
        {
            var view = await RatingViews.ForLinkAsync(token, db, services, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        links.MapPost("", async Task<Results<Created<RatingView>, ProblemHttpResult>> (string token, RateApplication.Request body, OneWindowDb db, RatingServices services, CancellationToken ct) =>
        {
            var rated = await RateApplication.ByLinkAsync(token, body, db, services, ct);
            return rated.Succeeded ? TypedResults.Created((string?)null, RatingView.From(rated.Value!)) : Problems.From(rated.Failure!);
        });

        var staff = app.MapGroup("/api").WithTags("Ratings").RequireAuthorization(OwClaims.StaffPolicy);
        staff.MapGet("/units/{unitId:guid}/ratings", async Task<Results<Ok<RatingViews.UnitPage>, ProblemHttpResult>> (Guid unitId, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct, int page = 1, int pageSize = 20) =>
        {
            var errors = new FieldErrors();
            Paging.Check(errors, page, pageSize);
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            var view = await RatingViews.ForUnitAsync((await CurrentAccount.GetAsync(user, users))!, unitId, page, Math.Min(pageSize, RatingViews.MaxPageSize), db, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        staff.MapGet("/ratings/smile", async Task<Results<Ok<SmileView>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, RatingServices services, CancellationToken ct,
            DateOnly? from = null, DateOnly? to = null, string? division = null, Guid? unit = null, string? department = null, string? item = null, string? by = null) =>
        {
            var filter = SmileFilter.Read(services.Today, from, to, division, unit, department, item, by);
            if (!filter.Succeeded)
            {
                return Problems.From(filter.Failure!);
            }
            var result = await SmileIndex.QueryAsync(db, (await CurrentAccount.GetAsync(user, users))!, filter.Value!, ct);
            return result.Succeeded ? TypedResults.Ok(SmileView.Of(result.Value!)) : Problems.From(result.Failure!);
        });

        staff.MapGet("/rectifications", async Task<Results<Ok<RatingViews.RectificationPage>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct,
            bool open = false, int page = 1, int pageSize = 20) =>
        {
            var errors = new FieldErrors();
            Paging.Check(errors, page, pageSize);
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            var view = await RatingViews.RectificationsAsync((await CurrentAccount.GetAsync(user, users))!, open, page, Math.Min(pageSize, RatingViews.MaxPageSize), db, clock, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        staff.MapGet("/rectifications/{id:guid}", async Task<Results<Ok<RatingViews.RectificationView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await RatingViews.RectificationAsync((await CurrentAccount.GetAsync(user, users))!, id, db, clock, ct);
            return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
        });
        staff.MapPost("/rectifications/{id:guid}/verification", (Guid id, Rectifications.VerifyRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            StepAsync(id, user, users, db, clock, actor => Rectifications.VerifyAsync(actor, id, body, db, clock, ct), ct));
        staff.MapPost("/rectifications/{id:guid}/callback", (Guid id, Rectifications.CallbackRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            StepAsync(id, user, users, db, clock, actor => Rectifications.CallBackAsync(actor, id, body, db, clock, ct), ct));
        staff.MapPost("/rectifications/{id:guid}/closure", (Guid id, Rectifications.CloseRequest body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            StepAsync(id, user, users, db, clock, actor => Rectifications.CloseAsync(actor, id, body, db, clock, ct), ct));
    }

    private static async Task<Results<Ok<RatingViews.RectificationView>, ProblemHttpResult>> StepAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock,
        Func<Account, Task<Outcome<Rectification>>> step, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var done = await step(actor);
        if (!done.Succeeded)
        {
            return Problems.From(done.Failure!);
        }
        db.ChangeTracker.Clear();
        var view = await RatingViews.RectificationAsync(actor, id, db, clock, ct);
        return view.Succeeded ? TypedResults.Ok(view.Value!) : Problems.From(view.Failure!);
    }

    /// <summary>A rating as its rater sees it after giving it.</summary>
    public sealed record RatingView(Guid Id, Guid ApplicationId, RatingStage Stage, int Version, RatingLevel Level, string LevelName, IReadOnlyDictionary<string, int> Scores, string? Comment,
        RatingChannel Channel, string IndicatorSetId, string ContentHash, long CreatedAt)
    {
        public static RatingView From(Rating r) => new(r.Id, r.ApplicationId, r.Stage, r.Version, r.Level, r.Level.Name(), r.Scores, r.Comment, r.Channel, r.IndicatorSetId, r.ContentHash, r.CreatedAt);
    }

    public sealed record CountsView(int Total, int VerySatisfied, int Satisfied, int Fair, int Dissatisfied, int VeryDissatisfied, double? Share, double? Low, double? High, bool Enough)
    {
        public static CountsView From(SmileIndex.Counts c) => new(c.Total, c.VerySatisfied, c.Satisfied, c.Fair, c.Dissatisfied, c.VeryDissatisfied, c.Share, c.Interval?.Low, c.Interval?.High,
            c.Total >= SmileIndex.MinForShare);
    }

    public sealed record SmileView(DateOnly From, DateOnly To, string DivisionPrefix, CountsView All, IReadOnlyList<SmileGroupView> Groups, IReadOnlyList<SmileMonthView> Trend)
    {
        public static SmileView Of(SmileIndex.Result r) => new(r.From, r.To, r.DivisionPrefix, CountsView.From(r.All),
            [.. r.Groups.Select(g => new SmileGroupView(g.Key, g.Name, CountsView.From(g.Counts)))], [.. r.Trend.Select(m => new SmileMonthView(m.Key, CountsView.From(m.Counts)))]);
    }

    public sealed record SmileGroupView(string Key, string Name, CountsView Counts);

    public sealed record SmileMonthView(string Month, CountsView Counts);
}

/// <summary>Reads the smile index's query: the period (default: the last 90 days), the subtree, unit, department, item and grouping.</summary>
public static class SmileFilter
{
    public static Outcome<SmileIndex.Filter> Read(DateOnly today, DateOnly? from, DateOnly? to, string? division, Guid? unit, string? department, string? item, string? by)
    {
        var errors = new FieldErrors();
        DepartmentKind? kind = null;
        if (department is { Length: > 0 })
        {
            if (Enum.TryParse<DepartmentKind>(department.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                kind = parsed;
            }
            else
            {
                errors.Add("department", Texts.T("is not a department"));
            }
        }
        var grouping = SmileIndex.GroupBy.Unit;
        if (by is { Length: > 0 } && (!Enum.TryParse(by, ignoreCase: true, out grouping) || !Enum.IsDefined(grouping)))
        {
            errors.Add("by", Texts.T("must be one of: unit, department, division, item"));
        }
        if (item is { Length: > 64 })
        {
            errors.Add("item", Texts.T("must be at most {0} characters", 64));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var end = to ?? today;
        return new SmileIndex.Filter(from ?? end.AddDays(-89), end, division, unit, kind, item, grouping);
    }
}
