using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OneWindow.Testing;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer package) that keeps every message it accepts. Its port is
/// taken when it is made and it listens only once started, so a platform can be configured with it while it is "down".
/// </summary>
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public MailCatcher() => Port = FederatedApp.FreePort();

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Starts listening (once; later calls do nothing).</summary>
    public MailCatcher Start()
    {
        if (_running is not null)
        {
            return this;
        }
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        return this;
    }

    private sealed class Store(MailCatcher catcher) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            catcher.Received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }
}

/// <summary>
/// An SMS provider's HTTP API for tests: a real server on a loopback port that takes <c>POST /sms</c> with
/// <c>{to, text}</c> and a bearer key, keeps what it accepted, and fails with 503 the next messages to a number given to
/// <see cref="FailNext"/> (other numbers — other tests' messages in the same app — are not affected).
/// </summary>
public sealed class SmsGateway : IAsyncDisposable
{
    public const string ApiKey = "test-sms-key";

    private readonly WebApplication _app;
    private int _requests;

    private SmsGateway(WebApplication app) => _app = app;

    public ConcurrentQueue<(string To, string Text)> Received { get; } = new();

    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> messages to <paramref name="to"/> are refused with 503.</summary>
    public void FailNext(string to, int times) => _failures[to] = times;

    /// <summary>Whether this message to <paramref name="to"/> is one to refuse (and counts it).</summary>
    private bool TakeFailure(string to)
    {
        while (_failures.TryGetValue(to, out var left) && left > 0)
        {
            if (_failures.TryUpdate(to, left - 1, left))
            {
                return true;
            }
        }
        return false;
    }

    public int Requests => _requests;

    public Uri Url { get; private set; } = null!;

    public static async Task<SmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new SmsGateway(app);
        app.MapPost("/sms", async (HttpContext context) =>
        {
            Interlocked.Increment(ref gateway._requests);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            var to = body.GetProperty("to").GetString()!;
            if (gateway.TakeFailure(to))
            {
                return Results.StatusCode(503);
            }
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
            {
                return Results.Unauthorized();
            }
            gateway.Received.Enqueue((body.GetProperty("to").GetString()!, body.GetProperty("text").GetString()!));
            return Results.Ok(new { id = Guid.NewGuid() });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        gateway.Url = new Uri(address + "/sms");
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
