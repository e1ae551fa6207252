using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Divisions;

/// <summary>Divisions: lookup, children, search, descendant counts, and the liaison roster.</summary>
public static class DivisionEndpoints
{
    /// <param name="Place">In search results, where it is: the names of the divisions above it, province first.</param>
    public sealed record DivisionView(string Code, string Name, DivisionLevel Level, string? ParentCode, string? Place = null)
    {
        public static DivisionView From(Division d) => new(d.Code, d.Name, d.Level, d.ParentCode);
    }

    public sealed record DivisionDetail(string Code, string Name, DivisionLevel Level, string? ParentCode, IReadOnlyList<DivisionView> Path);

    public sealed record LiaisonRequest(string? PersonName, string? Title, string? Phone);

    public sealed record LiaisonView(string DivisionCode, string PersonName, string Title, string Phone, DateTimeOffset UpdatedAt);

    public static void MapDivisions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/divisions").WithTags("Divisions");
        api.MapGet("/", SearchAsync);
        api.MapGet("/{code}", GetAsync);
        api.MapGet("/{code}/children", ChildrenAsync);
        api.MapGet("/{code}/stats", StatsAsync);
        api.MapGet("/{code}/liaison", GetLiaisonAsync).RequireAuthorization(Claims.StaffPolicy);
        api.MapPut("/{code}/liaison", PutLiaisonAsync).RequireAuthorization(Claims.StaffPolicy);
    }

    private static async Task<Results<Ok<PagedList<DivisionView>>, ProblemHttpResult>> SearchAsync(
        OneWindowDb db, CancellationToken ct, string? q = null, string? level = null, string? within = null, int page = 1, int pageSize = 50)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length > 50)
        {
            errors.Add("q", Texts.T("give 1 to 50 characters of the name to search for"));
        }
        Paging.Check(errors, page, pageSize);
        DivisionLevel? levelFilter = null;
        if (level is not null)
        {
            if (EnumText.TryParse<DivisionLevel>(level, out var parsed))
            {
                levelFilter = parsed;
            }
            else
            {
                errors.Add("level", Texts.T("must be province, city, county, township or village"));
            }
        }
        var withinCode = within is null ? null : Division.Normalize(within);
        if (within is not null && withinCode is null)
        {
            errors.Add("within", Texts.T("must be a 2, 4, 6, 9 or 12 digit division code"));
        }
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        var term = q!.Trim();
        var query = db.Divisions.AsNoTracking().Where(d => d.Name.Contains(term));
        if (levelFilter is { } l)
        {
            query = query.Where(d => d.Level == l);
        }
        if (withinCode is not null)
        {
            var prefix = Division.ScopePrefix(withinCode);
            query = query.Where(d => d.Code.StartsWith(prefix));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(d => d.Code).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var places = await DivisionQueries.PlacesAsync(db, items, ct);
        return TypedResults.Ok(new PagedList<DivisionView>([.. items.Select(d => DivisionView.From(d) with { Place = places[d.Code] })], page, pageSize, total));
    }

    private static async Task<Results<Ok<DivisionDetail>, ProblemHttpResult>> GetAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, code, ct);
        if (division is null)
        {
            return Problems.From(new Missing("Division"));
        }
        var path = await DivisionQueries.AncestryAsync(db, division, ct);
        return TypedResults.Ok(new DivisionDetail(division.Code, division.Name, division.Level, division.ParentCode, [.. path.Select(DivisionView.From)]));
    }

    private static async Task<Results<Ok<IReadOnlyList<DivisionView>>, ProblemHttpResult>> ChildrenAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, code, ct);
        if (division is null)
        {
            return Problems.From(new Missing("Division"));
        }
        var children = await db.Divisions.AsNoTracking().Where(d => d.ParentCode == division.Code).OrderBy(d => d.Code).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<DivisionView>>([.. children.Select(DivisionView.From)]);
    }

    private static async Task<Results<Ok<IReadOnlyList<LevelCount>>, ProblemHttpResult>> StatsAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, code, ct);
        if (division is null)
        {
            return Problems.From(new Missing("Division"));
        }
        return TypedResults.Ok(await DivisionQueries.DescendantCountsAsync(db, division, ct));
    }

    private static async Task<Results<Ok<LiaisonView>, ProblemHttpResult>> GetLiaisonAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var normalized = Division.Normalize(code);
        var liaison = normalized is null ? null : await db.DivisionLiaisons.AsNoTracking().FirstOrDefaultAsync(l => l.DivisionCode == normalized, ct);
        return liaison is null
            ? Problems.From(new Missing("Liaison of division"))
            : TypedResults.Ok(new LiaisonView(liaison.DivisionCode, liaison.PersonName, liaison.Title, liaison.Phone, liaison.UpdatedAt));
    }

    private static async Task<Results<Ok<LiaisonView>, ProblemHttpResult>> PutLiaisonAsync(
        string code, LiaisonRequest request, System.Security.Claims.ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var actor = await CurrentAccount.GetAsync(user, users);
        var division = await DivisionQueries.FindAsync(db, code, ct);
        if (actor is null || division is null)
        {
            return Problems.From(new Missing("Division"));
        }
        var outcome = await NameLiaison.HandleAsync(actor, division, new NameLiaison.Request(request.PersonName, request.Title, request.Phone), db, clock, ct);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome.Failure!);
        }
        var l = outcome.Value!;
        return TypedResults.Ok(new LiaisonView(l.DivisionCode, l.PersonName, l.Title, l.Phone, l.UpdatedAt));
    }
}
