using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Applications;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Applications;

/// <summary>
/// Materials of a case under <c>/api/cases/{id}/materials</c>: the applicant uploads a file as the request
/// body (its own type: application/pdf, image/jpeg or image/png, checked against the content) or gives an
/// issued certificate; the applicant and the staff of the units handling the material's item list and
/// download them. Downloads are attachments that a browser never renders in the site's origin.
/// </summary>
public static class MaterialEndpoints
{
    public sealed record MaterialView(Guid Id, string ItemCode, string MaterialCode, MaterialSource Source, string? FileName, string? ContentType, long? Size, Guid? CertificateId, DateTimeOffset AddedAt);

    public static void MapCaseMaterials(this IEndpointRouteBuilder app)
    {
        var materials = app.MapGroup("/api/cases/{id:guid}/materials").RequireAuthorization().WithTags("Cases");
        materials.MapPost("/", UploadAsync)
            .WithMetadata(new AcceptsUpload([.. FileKind.Accepted]), new RequestSizeLimitAttribute(MaterialOptions.UploadLimit + 64 * 1024));
        materials.MapPost("/certificate", CertificateAsync);
        materials.MapGet("/", ListAsync);
        materials.MapGet("/{materialId:guid}", DownloadAsync);
    }

    private static MaterialView View(ApplicationMaterial m) =>
        new(m.Id, m.ItemCode, m.MaterialCode, m.Source, m.FileName, m.ContentType, m.Source == MaterialSource.Upload ? m.Size : null, m.CertificateId, m.AddedAt);

    private static async Task<Results<Created<MaterialView>, ProblemHttpResult>> UploadAsync(Guid id, HttpRequest request, ClaimsPrincipal user, UserManager<Account> users, CaseMaterials materials,
        CancellationToken ct, string? itemCode = null, string? materialCode = null, string? fileName = null)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var outcome = await materials.UploadAsync(actor, id, itemCode, materialCode, fileName, request.ContentType, request.Body, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/cases/{id}/materials/{outcome.Value!.Id}", View(outcome.Value))
            : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Created<MaterialView>, ProblemHttpResult>> CertificateAsync(Guid id, CaseMaterials.CertificateRequest body, ClaimsPrincipal user, UserManager<Account> users, CaseMaterials materials, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var outcome = await materials.UseCertificateAsync(actor, id, body, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/cases/{id}/materials/{outcome.Value!.Id}", View(outcome.Value))
            : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<IReadOnlyList<MaterialView>>, ProblemHttpResult>> ListAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, CaseMaterials materials, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var outcome = await materials.ListAsync(actor, id, ct);
        return outcome.Succeeded
            ? TypedResults.Ok<IReadOnlyList<MaterialView>>([.. outcome.Value!.Select(View)])
            : Problems.From(outcome.Failure!);
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid materialId, HttpContext http, ClaimsPrincipal user, UserManager<Account> users, CaseMaterials materials, CancellationToken ct)
    {
        var actor = (await CurrentAccount.GetAsync(user, users))!;
        var outcome = await materials.OpenAsync(actor, id, materialId, ct);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome.Failure!);
        }
        var (material, content) = outcome.Value;
        // Never rendered as part of this site: a sandboxed, attachment-only response.
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, material.ContentType!, material.FileName, enableRangeProcessing: false);
    }
}
