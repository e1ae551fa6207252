using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace OneWindow.Testing;

/// <summary>
/// A department's own system for tests: a real HTTP server on a loopback port that receives OneWindow's
/// webhooks, checks each signature with the secret it was given (Standard Webhooks, 5-minute window), and
/// answers as told — accept, fail with a status, or hang past the sender's timeout.
/// </summary>
public sealed class DepartmentSystem : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string? _secret;

    /// <summary>Every verified delivery: webhook-id and body, in arrival order (a repeated id appears twice).</summary>
    public ConcurrentQueue<(string Id, string Body)> Received { get; } = new();

    /// <summary>When each verified delivery arrived (for latency measurements).</summary>
    public ConcurrentQueue<(string Id, DateTimeOffset At)> Arrivals { get; } = new();

    /// <summary>Deliveries refused because the signature did not verify.</summary>
    public int BadSignatures;

    /// <summary>What the next requests get: a status to answer, or null to hang until the sender gives up.</summary>
    public Func<int?> Answer { get; set; } = () => 200;

    /// <summary>When set, decides from the body instead of <see cref="Answer"/> (to treat one message apart from others).</summary>
    public Func<string, int?>? AnswerFor { get; set; }

    /// <summary>How long the system takes before it answers (a slow department).</summary>
    public TimeSpan Latency { get; set; }

    private DepartmentSystem(WebApplication app) => _app = app;

    public static async Task<DepartmentSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var system = new DepartmentSystem(app);
        app.MapPost("/tasks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                new StandardWebhook(system._secret ?? throw new InvalidOperationException("no secret yet")).Verify(body, context.Request.Headers);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref system.BadSignatures);
                return Results.Unauthorized();
            }
            if (system.Latency > TimeSpan.Zero)
            {
                await Task.Delay(system.Latency, context.RequestAborted);
            }
            var answer = system.AnswerFor is { } byBody ? byBody(body) : system.Answer();
            if (answer is null)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(504);
            }
            if (answer is >= 200 and < 300)
            {
                system.Received.Enqueue((context.Request.Headers["webhook-id"].ToString(), body));
                system.Arrivals.Enqueue((context.Request.Headers["webhook-id"].ToString(), TimeProvider.System.GetUtcNow()));
            }
            return Results.StatusCode(answer.Value);
        });
        await app.StartAsync();
        return system;
    }

    /// <summary>The URL to register.</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/tasks";

    /// <summary>The signing secret OneWindow showed when the endpoint was registered.</summary>
    public void Trust(string secret) => _secret = secret;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
