using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;
using OneWindow.Proactive;
using OneWindow.Server.Infrastructure;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Proactive;

/// <summary>
/// Benefits without application (免申即享): a person's own grants with why each was made, and their objection; the
/// granting unit's list and its record of payment; the rules in force with their sources, for platform admins.
/// </summary>
public static class BenefitEndpoints
{
    public sealed record ObjectionBody(string? Reason);

    public sealed record RuleView(string Code, string Name, string NameEn, string Source, string On, string? Item, string? Data, string Subject, int Conditions, string Grants, bool Enabled);

    public sealed record RulesView(string Origin, IReadOnlyList<RuleView> Rules);

    public static void MapBenefits(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/me/benefits").WithTags("Benefits").RequireAuthorization(OwClaims.ApplicantPolicy);
        mine.MapGet("", async Task<Results<Ok<List<Benefits.View>>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, SubjectKeys keys, ProactiveRules rules, CancellationToken ct) =>
            Answer(await Benefits.MineAsync((await CurrentAccount.GetAsync(user, users))!, db, keys, rules, ct)));
        mine.MapPost("/{id:guid}/objection", async Task<Results<Ok<Benefits.View>, ProblemHttpResult>> (Guid id, ObjectionBody body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            SubjectKeys keys, ProactiveRules rules, TimeProvider clock, CancellationToken ct) =>
            Answer(await Benefits.ObjectAsync((await CurrentAccount.GetAsync(user, users))!, id, body?.Reason, db, keys, rules, clock, ct)));

        var unit = app.MapGroup("/api/benefits").WithTags("Benefits").RequireAuthorization(OwClaims.StaffPolicy);
        unit.MapGet("", async Task<Results<Ok<List<Benefits.View>>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, ProactiveRules rules, CancellationToken ct) =>
            Answer(await Benefits.OfUnitAsync((await CurrentAccount.GetAsync(user, users))!, db, rules, ct)));
        unit.MapPost("/{id:guid}/payment", async Task<Results<Ok<Benefits.View>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, ProactiveRules rules,
            TimeProvider clock, CancellationToken ct) =>
            Answer(await Benefits.PayAsync((await CurrentAccount.GetAsync(user, users))!, id, db, rules, clock, ct)));

        app.MapGet("/api/benefit-rules", (ProactiveRules rules) => TypedResults.Ok(new RulesView(rules.Origin, [.. rules.Engine.Rules.Select(r => new RuleView(
                r.Code, r.Name, r.NameEn, r.Source, EnumText.Of(r.On.Kind), r.On.Item, r.On.Data, r.Subject, r.When.Count, r.Grant.Item, r.Enabled))])))
            .WithTags("Benefits").RequireAuthorization(OwClaims.PlatformAdminPolicy);
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Problems.From(outcome.Failure!);
}
