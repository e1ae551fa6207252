using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Federation;
using OneWindow.Identity;
using OneWindow.Server.Infrastructure;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.Federation;

/// <summary>
/// 跨省通办 between regions' platforms: the federation document peers pin; the message endpoint (authenticated by the
/// message's signature, not by a session); the person's forwarded cases; and, for platform admins, the peers with
/// their pinned keys and outbox, a re-pin after a peer rotated, and this platform's own key rotation.
/// </summary>
public static partial class FederationEndpoints
{
    public sealed record DeliveryView(int Attempts, bool Delivered, string? LastError, long? NextAttemptAt);

    public sealed record ForwardedView(Guid Id, string Region, string RegionName, string? BundleCode, string? ItemCode, string Name, string DivisionCode, string State, string StateName,
        long SubmittedAt, Guid? RemoteCaseId, int RemoteVersion, string? Reason, DeliveryView Delivery, JsonNode? Report);

    public sealed record PinnedKeyView(string KeyId, long PinnedAt, long? RetiredAt);

    public sealed record PeerView(string Region, string RegionName, string BaseUrl, IReadOnlyList<PinnedKeyView> Keys, int Pending, int Dead, int Received);

    public sealed record PeersView(string? Region, string? RegionName, IReadOnlyList<PeerView> Peers);

    public static void MapFederation(this IEndpointRouteBuilder app)
    {
        app.MapGet(FederationPeers.DocumentPath, async Task<Results<Ok<JsonObject>, NotFound>> (OneWindowDb db, FederationServices services, CancellationToken ct) =>
            services.Options.Enabled ? TypedResults.Ok(await FederationKeys.DocumentAsync(db, services.Options, services.Keys, services.Clock, ct)) : TypedResults.NotFound())
            .AllowAnonymous().WithTags("Federation");

        app.MapPost("/api/federation/messages", ReceiveAsync).AllowAnonymous().WithTags("Federation")
            .WithMetadata(new AcceptsUpload(FederationEnvelope.MediaType));

        var mine = app.MapGroup("/api/me/forwarded").WithTags("Federation").RequireAuthorization(OwClaims.ApplicantPolicy);
        mine.MapGet("", async (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, FederationServices services, CancellationToken ct) =>
        {
            var cases = await ForwardApplication.MineAsync(db, (await CurrentAccount.GetAsync(user, users))!.Id, 200, ct);
            return TypedResults.Ok(await ViewsAsync(db, cases, services, withReport: false, ct));
        });
        mine.MapGet("/{id:guid}", async Task<Results<Ok<ForwardedView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, FederationServices services, CancellationToken ct) =>
        {
            var found = await ForwardApplication.OneAsync(db, (await CurrentAccount.GetAsync(user, users))!.Id, id, ct);
            return found.Succeeded ? TypedResults.Ok((await ViewsAsync(db, [found.Value!], services, withReport: true, ct))[0]) : Problems.From(found.Failure!);
        });

        // 异地就医直接结算: a medical-insurance clerk settles a bill of a person insured in another region.
        var claims = app.MapGroup("/api/federation/claims").WithTags("Federation").RequireAuthorization(OwClaims.StaffPolicy);
        claims.MapPost("", async Task<Results<Created<ClaimView>, ProblemHttpResult>> (SettleClaim.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, FederationServices services,
            IHttpClientFactory clients, CancellationToken ct) =>
        {
            var settled = await SettleClaim.HandleAsync((await CurrentAccount.GetAsync(user, users))!, body, db, services, Sender(clients, services.Options), ct);
            return settled.Succeeded ? TypedResults.Created($"/api/federation/claims/{settled.Value!.Id}", (await ClaimViewsAsync(db, [settled.Value], ct))[0]) : Problems.From(settled.Failure!);
        });
        claims.MapGet("", async Task<Results<Ok<List<ClaimView>>, ProblemHttpResult>> (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct, int page = 1, int pageSize = 20) =>
        {
            var errors = new FieldErrors();
            Paging.Check(errors, page, pageSize);
            if (errors.Any)
            {
                return Problems.From(errors.ToFailure());
            }
            var mine = await SettleClaim.OfUnitAsync((await CurrentAccount.GetAsync(user, users))!, db, page, pageSize, ct);
            return mine.Succeeded ? TypedResults.Ok(await ClaimViewsAsync(db, mine.Value!, ct)) : Problems.From(mine.Failure!);
        });

        var admin = app.MapGroup("/api/federation").WithTags("Federation").RequireAuthorization(OwClaims.PlatformAdminPolicy);
        admin.MapGet("/peers", async (OneWindowDb db, FederationServices services, CancellationToken ct) => TypedResults.Ok(await PeersAsync(db, services, ct)));
        admin.MapPost("/peers/{region}/pin", async Task<Results<Ok<FederationKeys.Pinned>, ProblemHttpResult>> (string region, OneWindowDb db, FederationPeers peers, CancellationToken ct) =>
        {
            var pinned = await peers.PinAsync(db, region, ct);
            return pinned.Succeeded ? TypedResults.Ok(pinned.Value!) : Problems.From(pinned.Failure!);
        });
        admin.MapPost("/keys/rotation", async Task<Results<Ok<JsonObject>, ProblemHttpResult>> (OneWindowDb db, FederationServices services, CancellationToken ct) =>
        {
            if (!services.Options.Enabled)
            {
                return Problems.From(new Forbidden(Texts.T("This platform does not federate with other regions")));
            }
            await FederationKeys.RotateAsync(db, services.Keys, services.Clock, ct);
            return TypedResults.Ok(await FederationKeys.DocumentAsync(db, services.Options, services.Keys, services.Clock, ct));
        });
    }

    public sealed record ClaimView(Guid Id, string InsuredRegion, string RegionName, string PatientName, string PatientIdNumber, string Hospital, string? BillNumber, DateOnly AdmittedOn, DateOnly DischargedOn,
        decimal TotalAmount, decimal EligibleAmount, string State, string? Scheme, string? Status, decimal? Ratio, decimal FundPays, decimal PersonPays, string? Reason, Guid? RemoteReadId, long SettledAt);

    public static async Task<List<ClaimView>> ClaimViewsAsync(OneWindowDb db, IReadOnlyList<CrossRegionClaim> claims, CancellationToken ct)
    {
        var names = await RegionNamesAsync(db, claims.Select(c => c.InsuredRegion), ct);
        return [.. claims.Select(c => new ClaimView(c.Id, c.InsuredRegion, names[c.InsuredRegion], c.PatientName, OneWindow.Formats.ResidentIdNumber.Mask(c.PatientIdNumber), c.Hospital, c.BillNumber,
            c.AdmittedOn, c.DischargedOn, c.TotalAmount, c.EligibleAmount, EnumText.Of(c.State), c.Scheme, c.Status, c.Ratio, c.FundPays, c.PersonPays, c.Reason, c.RemoteReadId, c.SettledAt))];
    }

    /// <summary>Posts a signed message to a peer and returns its answer as it came (for a read across regions, a signed reply).</summary>
    public static SettleClaim.Send Sender(IHttpClientFactory clients, FederationOptions options) => async (peer, token, ct) =>
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, FederationPeers.At(peer, "/api/federation/messages"))
        {
            Content = new StringContent(token, System.Text.Encoding.ASCII, FederationEnvelope.MediaType),
        };
        request.Headers.AcceptLanguage.ParseAdd(Ui.English ? "en" : "zh-CN");
        using var response = await clients.CreateClient(FederationPeers.HttpClientName).SendAsync(request, timeout.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
    };

    private static async Task<IResult> ReceiveAsync(HttpContext http, OneWindowDb db, FederationServices services, ILoggerFactory loggers, CancellationToken ct)
    {
        var media = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(media, FederationEnvelope.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: Ui.T("不支持的媒体类型"), detail: Ui.T("消息须以 {0} 发送", FederationEnvelope.MediaType), statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        using var reader = new StreamReader(http.Request.Body);
        var buffer = new char[FederationEnvelope.MaxLength + 1];
        var length = await reader.ReadBlockAsync(buffer, ct);
        var outcome = await FederationInbox.ReceiveAsync(new string(buffer, 0, length), db, services, ct);
        if (!outcome.Succeeded)
        {
            // Refused messages are logged with why (never their body: it holds personal data).
            LogRefused(loggers.CreateLogger("OneWindow.Server.Federation.FederationEndpoints"), http.Connection.RemoteIpAddress?.ToString() ?? "", outcome.Failure!.GetType().Name, outcome.Failure.Detail);
            return Problems.From(outcome.Failure);
        }
        return outcome.Value!.Reply is { } reply ? TypedResults.Text(reply, FederationEnvelope.MediaType) : TypedResults.Accepted((string?)null);
    }

    private static async Task<Dictionary<string, string>> RegionNamesAsync(OneWindowDb db, IEnumerable<string> regions, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in regions.Distinct())
        {
            var division = await OneWindow.Divisions.DivisionQueries.FindAsync(db, region.PadRight(12, '0'), ct);
            names[region] = division?.Name ?? region;
        }
        return names;
    }

    public static async Task<List<ForwardedView>> ViewsAsync(OneWindowDb db, IReadOnlyList<ForwardedCase> cases, FederationServices services, bool withReport, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var names = await RegionNamesAsync(db, cases.Select(c => c.Peer), ct);
        var ids = cases.Select(c => c.Id).ToList();
        var forwards = await db.FederationMessages.AsNoTracking()
            .Where(m => m.Direction == MessageDirection.Out && m.Type == ForwardApplication.Type && ids.Contains(m.CaseId)).ToDictionaryAsync(m => m.CaseId, ct);
        return [.. cases.Select(c =>
        {
            var forward = forwards.GetValueOrDefault(c.Id);
            return new ForwardedView(c.Id, c.Peer, names[c.Peer], c.BundleCode, c.ItemCode, Ui.English ? c.NameEn : c.Name, c.DivisionCode, EnumText.Of(c.State), FederationNames.Name(c.State),
                c.SubmittedAt, c.RemoteCaseId, c.RemoteVersion, c.Reason,
                new DeliveryView(forward?.Attempts ?? 0, forward?.State == MessageState.Delivered, forward?.LastError, forward?.State == MessageState.Pending ? forward.NextAttemptAt : null),
                withReport && c.Status is { } status ? JsonNode.Parse(status) : null);
        })];
    }

    public static async Task<PeersView> PeersAsync(OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        var options = services.Options;
        var names = await RegionNamesAsync(db, [.. options.Peers.Select(p => p.Region), .. options.Region is null ? [] : new[] { options.Region }], ct);
        var keys = await db.PeerKeys.AsNoTracking().ToListAsync(ct);
        var counts = await db.FederationMessages.AsNoTracking().GroupBy(m => new { m.Peer, m.State }).Select(g => new { g.Key.Peer, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        int Count(string peer, MessageState state) => counts.FirstOrDefault(c => c.Peer == peer && c.State == state)?.Count ?? 0;
        return new PeersView(options.Region, options.Region is null ? null : names[options.Region], [.. options.Peers.Select(p => new PeerView(p.Region, names[p.Region], p.BaseUrl?.ToString() ?? "",
            [.. keys.Where(k => k.Region == p.Region).OrderByDescending(k => k.PinnedAt).Select(k => new PinnedKeyView(k.KeyId, k.PinnedAt, k.RetiredAt))],
            Count(p.Region, MessageState.Pending), Count(p.Region, MessageState.Dead), Count(p.Region, MessageState.Received)))]);
    }

    [LoggerMessage(EventId = 4404, Level = LogLevel.Warning, Message = "Federation: message from {Address} refused ({Kind}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string address, string kind, string reason);
}
