using System.Net;
using System.Text.Json.Nodes;
using OneWindow.Federation;

namespace OneWindow.Server.Federation;

/// <summary>
/// Delivers the federation outbox: woken when a save queues a message and polling besides; each message is signed
/// at each attempt (fresh <c>iat</c>/<c>exp</c>, the same id and body) and posted to the peer. A 2xx — or a 409 saying
/// the id was received before — is delivered; a refusal of the message itself (400, 404, 422) is final; anything else
/// (the peer down, 5xx, a 401 before the peer pinned a rotated key) is tried again with doubling delays. At start, and
/// until it succeeds, the keys of every peer with none pinned are fetched and pinned. One per process; processes
/// share the outbox through its leases.
/// </summary>
public sealed partial class FederationDelivery(IServiceScopeFactory scopes, IHttpClientFactory clients, FederationServices services, ILogger<FederationDelivery> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = services.Options;
        if (!options.Enabled)
        {
            return;
        }
        void Wake()
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        services.Outbox.Staged += Wake;
        var unpinned = options.Peers.Select(p => p.Region).ToHashSet(StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (unpinned.Count > 0)
                    {
                        await PinMissingAsync(unpinned, stoppingToken);
                    }
                    List<FederationMessage> claimed;
                    do
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
                        claimed = await FederationOutbox.ClaimAsync(db, options, services.Clock, 20, stoppingToken);
                        await Task.WhenAll(claimed.Select(m => DeliverAsync(m, stoppingToken)));
                    }
                    while (claimed.Count > 0 && !stoppingToken.IsCancellationRequested);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetType().Name);
                }
                await _wake.WaitAsync(options.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            services.Outbox.Staged -= Wake;
        }
    }

    private async Task PinMissingAsync(HashSet<string> unpinned, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var pinned = await FederationKeys.PinnedAsync(db, ct);
        foreach (var region in unpinned.ToList())
        {
            if (pinned.Contains(region))
            {
                unpinned.Remove(region);
                continue;
            }
            var outcome = await scope.ServiceProvider.GetRequiredService<FederationPeers>().PinAsync(db, region, ct);
            if (outcome.Succeeded)
            {
                unpinned.Remove(region);
                LogPinned(logger, region, string.Join(", ", outcome.Value!.Added));
            }
        }
    }

    private async Task DeliverAsync(FederationMessage claimed, CancellationToken ct)
    {
        var options = services.Options;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        FederationOutbox.Attempt attempt;
        try
        {
            var message = await FederationOutbox.PrepareAsync(db, options, claimed, services.Clock, ct);
            var peer = options.PeerNamed(message.Peer);
            attempt = peer is null
                ? new FederationOutbox.Attempt(false, true, "no such peer is configured")
                : await PostAsync(message, peer, db, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            attempt = new FederationOutbox.Attempt(false, false, "unreachable: " + ex.GetType().Name);
        }
        if (!attempt.Delivered)
        {
            LogAttemptFailed(logger, claimed.Type, claimed.Peer, claimed.Id, attempt.Error ?? "");
        }
        db.ChangeTracker.Clear();
        await FederationOutbox.RecordAsync(db, options, claimed, attempt, services.Clock, ct);
    }

    private async Task<FederationOutbox.Attempt> PostAsync(FederationMessage message, FederationOptions.Peer peer, OneWindowDb db, CancellationToken ct)
    {
        var options = services.Options;
        var (keyId, privateKey) = await FederationKeys.CurrentAsync(db, services.Keys, services.Clock, ct);
        string token;
        try
        {
            token = FederationEnvelope.Sign(message.Id, message.Type, options.Region!, message.Peer, (JsonObject)JsonNode.Parse(message.Body!)!, services.Clock.GetUtcNow(), options.MessageLifetime, keyId, privateKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, FederationPeers.At(peer, "/api/federation/messages"))
        {
            Content = new StringContent(token, System.Text.Encoding.ASCII, FederationEnvelope.MediaType),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await clients.CreateClient(FederationPeers.HttpClientName).SendAsync(request, timeout.Token);
        if (response.IsSuccessStatusCode)
        {
            return FederationOutbox.Attempt.Success;
        }
        var problem = await ProblemAsync(response, timeout.Token);
        var detail = $"{(int)response.StatusCode} {problem?["detail"]?.GetValue<string>() ?? response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Conflict when problem?["replayed"]?.GetValue<bool>() == true => FederationOutbox.Attempt.Success,
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity => new FederationOutbox.Attempt(false, true, detail),
            _ => new FederationOutbox.Attempt(false, false, detail),
        };
    }

    private static async Task<JsonNode?> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Federation: pinned the keys of region {Region}: {Keys}")]
    private static partial void LogPinned(ILogger logger, string region, string keys);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "Federation: {Type} {Id} to region {Region} not delivered: {Error}")]
    private static partial void LogAttemptFailedCore(ILogger logger, string type, Guid id, string region, string error);

    private static void LogAttemptFailed(ILogger logger, string type, string region, Guid id, string error) => LogAttemptFailedCore(logger, type, id, region, error);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Federation: delivery round failed ({ExceptionType}); messages are taken again when their lease ends")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
