using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Certificates;

/// <summary>Seals, signature specimens, applications, certificates, their verification and revocation.</summary>
public static class CertificateEndpoints
{
    public sealed record SealRequest(string? ImagePng);

    public sealed record SpecimenRequest(Guid AccountId, string? ImagePng);

    public sealed record ReviewRequest(bool Approve, string? Note);

    public sealed record ReasonRequest(string? Reason);

    public sealed record ResubmitRequest(Dictionary<string, string>? Fields);

    public sealed record VerifyRequest(string? Token);

    public sealed record SealView(Guid Id, Guid UnitId, string KeyId, RegistrationStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset ValidUntil, bool Retired, string? ReviewNote)
    {
        public static SealView From(Seal s) => new(s.Id, s.UnitId, s.KeyId, s.Status, s.SubmittedAt, s.ValidUntil, s.RetiredAt is not null, s.ReviewNote);
    }

    public sealed record SpecimenView(Guid Id, Guid AccountId, Guid UnitId, RegistrationStatus Status, string? ReviewNote)
    {
        public static SpecimenView From(SignatureSpecimen s) => new(s.Id, s.AccountId, s.UnitId, s.Status, s.ReviewNote);
    }

    public sealed record ApplicationView(Guid Id, string ItemCode, Guid ApplicantId, string ApplicantName, Guid? FiledById, Channel Channel, string DivisionCode, Guid UnitId,
        IReadOnlyDictionary<string, string> Fields, ApplicationStatus Status, string? Reason, DateTimeOffset SubmittedAt, DateOnly? DueDate, bool DueDatePending, Guid? CertificateId);

    public sealed record CertificateView(Guid Id, string Identifier, string CertificateType, string Purpose, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil,
        string SealKeyId, string LedgerLeafHash, DateTimeOffset? RevokedAt, string? RevocationReason)
    {
        public static CertificateView From(Certificate c) => new(c.Id, c.Identifier, c.CertificateType, c.Purpose, c.ValidFrom, c.ValidUntil, c.SealKeyId, Convert.ToBase64String(c.LedgerLeafHash), c.RevokedAt, c.RevocationReason);
    }

    public static void MapCertificates(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", async (OneWindowDb db, CancellationToken ct, string? kid = null) =>
            TypedResults.Text((await Jwks.BuildAsync(db, kid, ct)).ToJsonString(JsonDefaults.Options), "application/jwk-set+json")).WithTags("Certificates");

        var staff = app.MapGroup("/api").RequireAuthorization(Claims.StaffPolicy).WithTags("Seals");
        staff.MapPost("/units/{unitId:guid}/seals", CreateSealAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(2 * 1024 * 1024));
        staff.MapGet("/units/{unitId:guid}/seals", ListSealsAsync);
        staff.MapPost("/seals/{id:guid}/review", ReviewSealAsync);
        staff.MapPost("/seals/{id:guid}/revoke", RevokeSealAsync);
        staff.MapPost("/units/{unitId:guid}/specimens", SubmitSpecimenAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(2 * 1024 * 1024));
        staff.MapPost("/specimens/{id:guid}/review", ReviewSpecimenAsync);
        app.MapGet("/api/seals/{id:guid}/image", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, OneWindowDb db, CancellationToken ct) =>
            await db.Seals.AsNoTracking().Where(s => s.Id == id && s.Status == RegistrationStatus.Registered).Select(s => s.ImagePng).FirstOrDefaultAsync(ct) is { } png
                ? TypedResults.File(png, "image/png") : TypedResults.NotFound()).WithTags("Seals");

        var applications = app.MapGroup("/api/applications").RequireAuthorization().WithTags("Applications");
        applications.MapPost("/", ApplyAsync);
        applications.MapGet("/", ListApplicationsAsync);
        applications.MapGet("/{id:guid}", GetApplicationAsync);
        applications.MapPost("/{id:guid}/approve", ApproveAsync);
        applications.MapPost("/{id:guid}/refuse", (Guid id, ReasonRequest body, ClaimsPrincipal user, UserManager<Account> users, ReviewApplication review, OneWindowDb db, CancellationToken ct) =>
            DecideAsync(id, ReviewApplication.Decision.Refuse, body.Reason, user, users, review, db, ct));
        applications.MapPost("/{id:guid}/supplement", (Guid id, ReasonRequest body, ClaimsPrincipal user, UserManager<Account> users, ReviewApplication review, OneWindowDb db, CancellationToken ct) =>
            DecideAsync(id, ReviewApplication.Decision.Supplement, body.Reason, user, users, review, db, ct));
        applications.MapPost("/{id:guid}/resubmit", ResubmitAsync);

        var certificates = app.MapGroup("/api/certificates").WithTags("Certificates");
        certificates.MapGet("/", ListCertificatesAsync).RequireAuthorization();
        certificates.MapGet("/{id:guid}/jwt", JwtAsync).RequireAuthorization();
        certificates.MapGet("/{id:guid}/pdf", PdfAsync).RequireAuthorization();
        certificates.MapPost("/{id:guid}/revoke", RevokeAsync).RequireAuthorization(Claims.StaffPolicy);
        certificates.MapGet("/verify", async Task<Results<Ok<Verdict>, ProblemHttpResult>> (string? id, string? code, VerifyCertificate verifier, CancellationToken ct) =>
            await verifier.VerifyByCodeAsync(id, code, ct) is { } verdict
                ? TypedResults.Ok(verdict)
                : Problems.From(new Missing("A certificate with this number and verification code"))).AllowAnonymous();
        certificates.MapPost("/verify", VerifyAsync).AllowAnonymous().DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(6 * 1024 * 1024));
        // 扫码核验: a camera frame (PNG or JPEG) in, the local verification link of the QR code it shows out.
        certificates.MapPost("/verify/scan", async Task<Results<Ok<QrScan.Found>, ProblemHttpResult>> (HttpRequest request, CancellationToken ct) =>
        {
            if (request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is not ("image/png" or "image/jpeg"))
            {
                return TypedResults.Problem(title: Texts.T("Unsupported media type"), detail: Texts.T("Send the camera frame as image/png or image/jpeg"), statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            var found = QrScan.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            return found.Succeeded ? TypedResults.Ok(found.Value!) : Problems.From(found.Failure!);
        }).AllowAnonymous().WithMetadata(new AcceptsUpload("image/png", "image/jpeg"), new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(QrScan.MaxBytes));
        app.MapGet("/api/status-lists/{unitId:guid}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid unitId, CertificateIssuer issuer, CancellationToken ct) =>
            await issuer.StatusListCredentialAsync(unitId, ct) is { Succeeded: true } list
                ? TypedResults.Text(list.Value!, "application/vc+jwt")
                : Problems.From(new Missing("Status list"))).WithTags("Certificates");
    }

    private static async Task<Account?> ActorAsync(ClaimsPrincipal user, UserManager<Account> users) => await CurrentAccount.GetAsync(user, users);

    private static Outcome<byte[]?> DecodePng(string? base64)
    {
        if (base64 is null)
        {
            return Outcome<byte[]?>.From(null);
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return ValidationFailed.Single("imagePng", Texts.T("must be a base64-encoded PNG"));
        }
    }

    private static async Task<Results<Created<SealView>, ProblemHttpResult>> CreateSealAsync(Guid unitId, SealRequest? body, ClaimsPrincipal user, UserManager<Account> users, Seals seals, CancellationToken ct)
    {
        var image = DecodePng(body?.ImagePng);
        if (!image.Succeeded)
        {
            return Problems.From(image.Failure!);
        }
        var outcome = await seals.CreateAsync((await ActorAsync(user, users))!, unitId, image.Value, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/seals/{outcome.Value!.Id}", SealView.From(outcome.Value)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<IReadOnlyList<SealView>>, ProblemHttpResult>> ListSealsAsync(Guid unitId, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = (await ActorAsync(user, users))!;
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.ViewUnit, ct) is { } denied)
        {
            return Problems.From(denied);
        }
        var list = await db.Seals.AsNoTracking().Where(s => s.UnitId == unitId).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<SealView>>([.. list.Select(SealView.From)]);
    }

    private static async Task<Results<Ok<SealView>, ProblemHttpResult>> ReviewSealAsync(Guid id, ReviewRequest body, ClaimsPrincipal user, UserManager<Account> users, Seals seals, CancellationToken ct)
    {
        var outcome = await seals.ReviewSealAsync((await ActorAsync(user, users))!, id, body.Approve, body.Note, ct);
        return outcome.Succeeded ? TypedResults.Ok(SealView.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<SealView>, ProblemHttpResult>> RevokeSealAsync(Guid id, ReasonRequest body, ClaimsPrincipal user, UserManager<Account> users, Seals seals, CancellationToken ct)
    {
        var outcome = await seals.RevokeSealAsync((await ActorAsync(user, users))!, id, body.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok(SealView.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Created<SpecimenView>, ProblemHttpResult>> SubmitSpecimenAsync(Guid unitId, SpecimenRequest body, ClaimsPrincipal user, UserManager<Account> users, Seals seals, CancellationToken ct)
    {
        var image = DecodePng(body.ImagePng);
        if (!image.Succeeded)
        {
            return Problems.From(image.Failure!);
        }
        var outcome = await seals.SubmitSpecimenAsync((await ActorAsync(user, users))!, unitId, body.AccountId, image.Value, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/specimens/{outcome.Value!.Id}", SpecimenView.From(outcome.Value)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<SpecimenView>, ProblemHttpResult>> ReviewSpecimenAsync(Guid id, ReviewRequest body, ClaimsPrincipal user, UserManager<Account> users, Seals seals, CancellationToken ct)
    {
        var outcome = await seals.ReviewSpecimenAsync((await ActorAsync(user, users))!, id, body.Approve, body.Note, ct);
        return outcome.Succeeded ? TypedResults.Ok(SpecimenView.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    private static async Task<List<ApplicationView>> ViewsAsync(IReadOnlyList<Application> cases, OneWindowDb db, CancellationToken ct)
    {
        var applications = await CertificateApplication.OfAsync(db, cases, ct);
        var applicantIds = applications.Select(a => a.ApplicantId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => applicantIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.RealName, ct);
        return [.. applications.Select(a => View(a, names.GetValueOrDefault(a.ApplicantId, "")))];
    }

    private static ApplicationView View(CertificateApplication a, string applicantName) =>
        new(a.Id, a.ItemCode, a.ApplicantId, applicantName, a.FiledById, a.Channel, a.DivisionCode, a.UnitId, a.Fields, a.Status, a.Reason, a.SubmittedAt, a.DueDate, a.DueDatePending, a.CertificateId);

    private static async Task<ApplicationView> ViewAsync(Application application, OneWindowDb db, CancellationToken ct) => (await ViewsAsync([application], db, ct))[0];

    private static async Task<Results<Created<ApplicationView>, ProblemHttpResult>> ApplyAsync(ApplyForCertificate.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
        SubmitApplication.Services submissions, CancellationToken ct)
    {
        var outcome = await ApplyForCertificate.HandleAsync((await ActorAsync(user, users))!, body, db, submissions, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/applications/{outcome.Value!.Id}", await ViewAsync(outcome.Value, db, ct)) : Problems.From(outcome.Failure!);
    }

    /// <summary>Residents see their own applications; staff see their unit's queue.</summary>
    private static async Task<Results<Ok<PagedList<ApplicationView>>, ProblemHttpResult>> ListApplicationsAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct, string? status = null, int page = 1, int pageSize = 50)
    {
        var actor = (await ActorAsync(user, users))!;
        var errors = new FieldErrors();
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.From(errors.ToFailure());
        }
        var query = await CertificateApplication.VisibleToAsync(db, actor, ct);
        if (EnumText.TryParse<ApplicationStatus>(status, out var wanted))
        {
            var states = CertificateApplication.StatesOf(wanted);
            query = query.Where(a => a.Tasks.Any(t => states.Contains(t.State)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<ApplicationView>(await ViewsAsync(rows, db, ct), page, pageSize, total));
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetApplicationAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = (await ActorAsync(user, users))!;
        var application = await (await CertificateApplication.VisibleToAsync(db, actor, ct)).FirstOrDefaultAsync(a => a.Id == id, ct);
        return application is null ? Problems.From(new Missing("Application")) : TypedResults.Ok(await ViewAsync(application, db, ct));
    }

    /// <summary>The counter's hot path: the answer is made from what the approval returns, without reading again.</summary>
    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> ApproveAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, ReviewApplication review, CancellationToken ct)
    {
        var outcome = await review.ApproveAsync((await ActorAsync(user, users))!, id, ct);
        if (!outcome.Succeeded)
        {
            return Problems.From(outcome.Failure!);
        }
        var (approvedCase, _, certificate, applicantName) = outcome.Value!;
        return TypedResults.Ok(View(CertificateApplication.Of(approvedCase, certificate.Id), applicantName));
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> DecideAsync(Guid id, ReviewApplication.Decision decision, string? reason, ClaimsPrincipal user, UserManager<Account> users, ReviewApplication review, OneWindowDb db, CancellationToken ct)
    {
        var outcome = await review.HandleAsync((await ActorAsync(user, users))!, id, decision, reason, ct);
        return outcome.Succeeded ? TypedResults.Ok(await ViewAsync(outcome.Value!, db, ct)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> ResubmitAsync(Guid id, ResubmitRequest body, ClaimsPrincipal user, UserManager<Account> users, ReviewApplication review, OneWindowDb db, CancellationToken ct)
    {
        var outcome = await review.ResubmitAsync((await ActorAsync(user, users))!, id, body.Fields, ct);
        return outcome.Succeeded ? TypedResults.Ok(await ViewAsync(outcome.Value!, db, ct)) : Problems.From(outcome.Failure!);
    }

    private static async Task<Ok<IReadOnlyList<CertificateView>>> ListCertificatesAsync(ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = (await ActorAsync(user, users))!;
        var query = actor.Kind == AccountKind.Resident ? db.Certificates.Where(c => c.HolderId == actor.Id) : db.Certificates.Where(c => c.UnitId == actor.UnitId);
        var rows = await query.AsNoTracking().OrderByDescending(c => c.Id).Take(500).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CertificateView>>([.. rows.Select(CertificateView.From)]);
    }

    /// <summary>The holder, or staff of the issuing unit, may fetch a certificate.</summary>
    private static async Task<Certificate?> OwnCertificateAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct)
    {
        var actor = (await ActorAsync(user, users))!;
        return await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (c.HolderId == actor.Id || c.UnitId == actor.UnitId), ct);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> JwtAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) =>
        await OwnCertificateAsync(id, user, users, db, ct) is { } c
            ? TypedResults.File(Encoding.ASCII.GetBytes(c.Jws), "application/vc+jwt", $"{c.Identifier}.jwt")
            : Problems.From(new Missing("Certificate"));

    /// <summary>The certificate's PDF: a download, or with <c>print=true</c> shown inline for the browser's viewer to print (the kiosk's 打印证明).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, IOptions<CertificateOptions> options, TimeProvider clock, CancellationToken ct,
        bool print = false)
    {
        if (await OwnCertificateAsync(id, user, users, db, ct) is not { } certificate)
        {
            return Problems.From(new Missing("Certificate"));
        }
        var pdf = await RenderPdf.CachedAsync(certificate, db, options.Value, clock, ct);
        return print ? TypedResults.File(pdf, "application/pdf") : TypedResults.File(pdf, "application/pdf", $"{certificate.Identifier}.pdf");
    }

    private static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> RevokeAsync(Guid id, ReasonRequest body, ClaimsPrincipal user, UserManager<Account> users, CertificateIssuer issuer, CancellationToken ct)
    {
        var outcome = await issuer.RevokeAsync((await ActorAsync(user, users))!, id, body.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok(CertificateView.From(outcome.Value!)) : Problems.From(outcome.Failure!);
    }

    /// <summary>
    /// Anyone checks a certificate: the token as text or JSON {"token"}, or the PDF itself.
    /// <c>?ledger=true</c> also checks the certificate's ledger record with an inclusion proof
    /// against the latest checkpoint (the /verify page always does).
    /// </summary>
    private static async Task<Results<Ok<Verdict>, ProblemHttpResult>> VerifyAsync(HttpRequest request, VerifyCertificate verifier, CancellationToken ct, bool ledger = false)
    {
        const int limit = 5 * 1024 * 1024;
        if (request.ContentLength > limit)
        {
            return Problems.Field("body", "is larger than 5 MB");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > limit)
        {
            return Problems.Field("body", "is larger than 5 MB");
        }
        var bytes = buffer.ToArray();
        string? token;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType == "application/pdf" || (bytes.Length > 4 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8)))
        {
            token = CertificatePdf.ExtractJws(bytes);
            if (token is null)
            {
                return Problems.Field("body", "the PDF carries no OneWindow certificate");
            }
        }
        else if (mediaType == "application/json")
        {
            try
            {
                token = JsonNode.Parse(bytes)?["token"]?.GetValue<string>();
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                return Problems.Field("token", "the body is not JSON with a token string");
            }
        }
        else
        {
            token = Encoding.UTF8.GetString(bytes);
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            return Problems.Field("token", "give the certificate's JWS, or upload its PDF");
        }
        return TypedResults.Ok(await verifier.VerifyAsync(token, ct, ledger));
    }
}
