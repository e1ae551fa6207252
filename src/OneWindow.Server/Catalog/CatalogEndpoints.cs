using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Catalog;

/// <summary>The service catalog: browsable by anyone, edited and imported by platform admins.</summary>
public static class CatalogEndpoints
{
    public sealed record ItemSummary(string Code, string Name, string NameEn, DepartmentKind Department, DivisionLevel Level, int TimeLimitDays, OutputKind Output, IReadOnlyList<ApplicantKind> Audience);

    public sealed record BundleSummary(string Code, string Name, string NameEn, int? Batch, int TimeLimitDays, int ItemCount, IReadOnlyList<ApplicantKind> Audience);

    public static void MapCatalog(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog");
        api.MapGet("/items", ListItemsAsync);
        api.MapGet("/items/{code}", GetItemAsync);
        api.MapGet("/bundles", ListBundlesAsync);
        api.MapGet("/bundles/{code}", GetBundleAsync);
        api.MapGet("/export", async (OneWindowDb db, CancellationToken ct) => TypedResults.Ok(await ImportCatalog.ExportAsync(db, ct)));

        var admin = api.MapGroup("").RequireAuthorization(Claims.PlatformAdminPolicy);
        admin.MapPut("/items/{code}", PutItemAsync);
        admin.MapPut("/bundles/{code}", PutBundleAsync);
        admin.MapPost("/import", ImportAsync).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16 * 1024 * 1024));
    }

    private static async Task<Results<Ok<PagedList<ItemSummary>>, ProblemHttpResult>> ListItemsAsync(
        OneWindowDb db, CancellationToken ct, string? q = null, string? department = null, string? audience = null, int page = 1, int pageSize = 50)
    {
        var paging = new FieldErrors();
        Paging.Check(paging, page, pageSize);
        var audienceFilter = ParseAudience(audience, paging);
        if (paging.Any)
        {
            return Problems.From(paging.ToFailure());
        }
        DepartmentKind? departmentFilter = null;
        if (department is not null)
        {
            if (!EnumText.TryParse<DepartmentKind>(department, out var parsed))
            {
                return Problems.Field("department", "is not a known department kind");
            }
            departmentFilter = parsed;
        }
        var query = db.ServiceItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(i => i.Name.Contains(term) || i.NameEn.ToLower().Contains(term.ToLower()) || i.Code.Contains(term.ToUpper()));
        }
        if (departmentFilter is { } d)
        {
            query = query.Where(i => i.Department == d);
        }
        if (audienceFilter is { } kind)
        {
            query = query.Where(i => i.Audience.Contains(kind));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(i => i.Code).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new { i.Code, i.Name, i.NameEn, i.Department, i.Level, i.TimeLimitDays, i.Output, i.Audience })
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedList<ItemSummary>(
            [.. items.Select(i => new ItemSummary(i.Code, i.Name, i.NameEn, i.Department, i.Level, i.TimeLimitDays, i.Output.Kind, i.Audience))], page, pageSize, total));
    }

    /// <summary>An optional <c>audience</c> filter: resident, enterprise, institution or staff.</summary>
    private static ApplicantKind? ParseAudience(string? audience, FieldErrors errors)
    {
        if (audience is null)
        {
            return null;
        }
        if (EnumText.TryParse<ApplicantKind>(audience, out var kind))
        {
            return kind;
        }
        errors.Add("audience", Texts.T("must be resident, enterprise, institution or staff"));
        return null;
    }

    private static async Task<Results<Ok<ItemDocument>, ProblemHttpResult>> GetItemAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        return item is null ? Problems.From(new Missing("Service item")) : TypedResults.Ok(ItemDocument.From(item));
    }

    private static async Task<Results<Ok<IReadOnlyList<BundleSummary>>, ProblemHttpResult>> ListBundlesAsync(OneWindowDb db, CancellationToken ct, string? audience = null)
    {
        var errors = new FieldErrors();
        var audienceFilter = ParseAudience(audience, errors);
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        var query = db.Bundles.AsNoTracking();
        if (audienceFilter is { } kind)
        {
            query = query.Where(b => b.Audience.Contains(kind));
        }
        var bundles = await query.OrderBy(b => b.Batch).ThenBy(b => b.Code).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<BundleSummary>>([.. bundles.Select(b => new BundleSummary(b.Code, b.Name, b.NameEn, b.Batch, b.TimeLimitDays, b.Items.Count, b.Audience))]);
    }

    private static async Task<Results<Ok<BundleDocument>, ProblemHttpResult>> GetBundleAsync(string code, OneWindowDb db, CancellationToken ct)
    {
        var bundle = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code, ct);
        return bundle is null ? Problems.From(new Missing("Bundle")) : TypedResults.Ok(BundleDocument.From(bundle));
    }

    private static async Task<Results<Ok<ItemDocument>, ProblemHttpResult>> PutItemAsync(string code, ItemDocument document, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await EditCatalog.SaveItemAsync(code, document, db, clock, ct);
        return outcome.Succeeded ? TypedResults.Ok(ItemDocument.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<BundleDocument>, ProblemHttpResult>> PutBundleAsync(string code, BundleDocument document, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await EditCatalog.SaveBundleAsync(code, document, db, clock, ct);
        return outcome.Succeeded ? TypedResults.Ok(BundleDocument.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<ImportCatalog.Result>, ProblemHttpResult>> ImportAsync(HttpRequest request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        if (Problems.UnlessJson(request) is { } unsupported)
        {
            return unsupported;
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        var parsed = CatalogDocument.Parse(body);
        var valid = parsed.Succeeded ? await ImportCatalog.ValidateAgainstStoreAsync(db, parsed.Value!, ct) : parsed;
        if (!valid.Succeeded)
        {
            return Problems.From(valid.Failure!);
        }
        return TypedResults.Ok(await ImportCatalog.HandleAsync(db, valid.Value!, clock, ct));
    }
}
