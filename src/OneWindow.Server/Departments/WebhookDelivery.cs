using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using OneWindow.Departments;
using StandardWebhooks;

namespace OneWindow.Server.Departments;

/// <summary>
/// Delivers the webhook outbox to the departments' systems: takes due messages (woken by a staged message, or
/// every <see cref="WebhookOptions.PollInterval"/>), posts each with the Standard Webhooks headers
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>: HMAC-SHA256 with the unit's secret),
/// and records 2xx as delivered, anything else (status, timeout, refused connection) as a failed attempt with
/// its backoff. Redirects are not followed. Every server process runs one; they never send a message at once.
/// </summary>
public sealed partial class WebhookDelivery : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string MeterName = "OneWindow.Webhooks";

    private readonly IServiceScopeFactory _scopes;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _clock;
    private readonly WebhookOptions _options;
    private readonly ILogger<WebhookDelivery> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _sent;

    /// <summary>Names this process in the leases it takes.</summary>
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public WebhookDelivery(IServiceScopeFactory scopes, IHttpClientFactory clients, DepartmentDispatch dispatch, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDelivery> logger, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _clients = clients;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _latency = meter.CreateHistogram<double>("onewindow.webhook.delivery.latency", "ms", "From staging a message to its endpoint's 2xx answer");
        _sent = meter.CreateCounter<long>("onewindow.webhook.attempts", "{attempt}", "Delivery attempts, by outcome");
        dispatch.Staged += Wake;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already awake
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Deliver)
        {
            return;
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Parallelism)).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0)
                {
                    // there may be more due right away
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(_logger, ex.GetType().Name);
            }
            try
            {
                await _wake.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes one batch of due messages, posts them all at once and records the outcomes together; returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<WebhookOutbox.Claimed> claimed;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            claimed = await scope.ServiceProvider.GetRequiredService<WebhookOutbox>().ClaimAsync(Node, Math.Max(1, _options.BatchSize), ct);
        }
        if (claimed.Count == 0)
        {
            return 0;
        }
        if (claimed.Count == _options.BatchSize)
        {
            Wake(); // a full batch: another loop can take the next one while this one posts
        }
        var attempts = await Task.WhenAll(claimed.Select(async message =>
        {
            var (status, error) = await SendAsync(message, ct);
            return new WebhookOutbox.Attempt(message, status, error);
        }));
        IReadOnlyList<WebhookState?> states;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            states = await scope.ServiceProvider.GetRequiredService<WebhookOutbox>().RecordAsync(Node, attempts, CancellationToken.None);
        }
        var now = _clock.GetUtcNow();
        for (var i = 0; i < attempts.Length; i++)
        {
            var (message, _, error) = attempts[i];
            _sent.Add(1, new KeyValuePair<string, object?>("outcome", error is null ? "delivered" : "failed"));
            switch (states[i])
            {
                case null:
                    LogLeaseLost(_logger, message.Id);
                    break;
                case WebhookState.Delivered when WebhookMessage.StagedAt(message.Id) is { } staged:
                    _latency.Record((now - staged).TotalMilliseconds);
                    break;
                case WebhookState.Dead:
                    LogDead(_logger, message.Id, message.UnitId, message.Attempts + 1, error!);
                    break;
                case WebhookState.Pending:
                    LogAttemptFailed(_logger, message.Id, message.UnitId, message.Attempts + 1, error!);
                    break;
            }
        }
        return claimed.Count;
    }

    /// <summary>Posts one message; returns the status and null on 2xx, otherwise what went wrong.</summary>
    private async Task<(int? Status, string? Error)> SendAsync(WebhookOutbox.Claimed message, CancellationToken ct)
    {
        if (message.Url is null || message.Secret is null)
        {
            return (null, "the unit has no enabled endpoint");
        }
        var now = _clock.GetUtcNow();
        var signature = new StandardWebhook(message.Secret).Sign(message.Id, now, message.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, new MediaTypeHeaderValue(message.ContentType ?? "application/json")),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"the endpoint answered {status}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"could not reach the endpoint ({ex.HttpRequestError})");
        }
        finally
        {
            LogAttempt(_logger, message.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Webhook {MessageId} attempted in {Milliseconds:0.0} ms")]
    private static partial void LogAttempt(ILogger logger, string messageId, double milliseconds);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Webhook {MessageId} to unit {UnitId} failed (attempt {Attempt}): {Error}; it is retried after its backoff")]
    private static partial void LogAttemptFailed(ILogger logger, string messageId, Guid unitId, int attempt, string error);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Webhook {MessageId} to unit {UnitId} failed for the last time (attempt {Attempt}): {Error}; it is on the dead-letter list")]
    private static partial void LogDead(ILogger logger, string messageId, Guid unitId, int attempt, string error);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Webhook {MessageId} was sent after its lease ran out; another deliverer holds it now")]
    private static partial void LogLeaseLost(ILogger logger, string messageId);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "A webhook delivery round failed ({ExceptionType}); the next one starts at the next poll")]
    private static partial void LogRoundFailed(ILogger logger, string exceptionType);
}
