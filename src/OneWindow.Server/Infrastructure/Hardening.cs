using System.Net;
using OneWindow.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace OneWindow.Server.Infrastructure;

/// <summary>Configuration section <c>Hardening</c>.</summary>
public sealed class HardeningOptions
{
    public const string Section = "Hardening";

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed (nothing else's is).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>The largest request body an endpoint accepts unless it declares its own limit.</summary>
    public long DefaultMaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// Secure defaults for every response and request: security headers (a script-free CSP, nosniff,
/// no framing, a referrer policy, HSTS over HTTPS), forwarded headers only from known proxies (so
/// cookies are Secure behind TLS termination), body size limits per endpoint, and a guard against
/// cross-site state changes to the cookie-authenticated JSON API.
/// </summary>
public static class Hardening
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddHardening(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(HardeningOptions.Section).Get<HardeningOptions>() ?? new HardeningOptions();
        builder.Services.Configure<HardeningOptions>(builder.Configuration.GetSection(HardeningOptions.Section));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in options.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
    }

    /// <summary>Forwarded headers (known proxies only), then security headers on everything that follows.</summary>
    public static void UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // The camera only where a certificate's QR code is scanned (扫码核验); nothing else may ask for it.
            headers["Permissions-Policy"] = context.Request.Path.StartsWithSegments("/Verify", StringComparison.OrdinalIgnoreCase)
                ? "camera=(self), microphone=(), geolocation=()"
                : "camera=(), microphone=(), geolocation=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }
            return next(context);
        });
    }

    /// <summary>After routing: body limits and the cross-site guard, which need to know the endpoint.</summary>
    public static void UseRequestGuards(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (await RefuseAsync(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }

    private static async Task<IResult?> RefuseAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HardeningOptions>>().Value.DefaultMaxBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit; // Kestrel enforces it on chunked bodies too
        }
        if (context.Request.ContentLength > limit)
        {
            return TypedResults.Problem(title: Texts.T("Request too large"), detail: Texts.T("This endpoint accepts at most {0} KB; nothing was saved", limit / 1024), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedBody(context.Request.Body, limit); // chunked: count as it is read
        }
        var method = context.Request.Method;
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        // Anything not explicitly anonymous acts for the signed-in user (including the framework's
        // 415/405 endpoints a mismatched request is routed to).
        var needsSignIn = endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is null;
        if (!changes || !needsSignIn || !context.Request.Path.StartsWithSegments("/api") || !context.Request.Cookies.ContainsKey("onewindow.auth"))
        {
            return null;
        }
        // A browser on another site can make the user's browser send a form post with the cookie;
        // such a request is refused before any handler runs.
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        var origin = context.Request.Headers.Origin.ToString();
        if ((site.Length > 0 && site is not ("same-origin" or "none"))
            || (origin.Length > 0 && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(title: Texts.T("Cross-site request refused"), detail: Texts.T("State-changing API calls must come from this site"), statusCode: StatusCodes.Status403Forbidden);
        }
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        // A file upload may come as its own type: none of the accepted ones is a type a cross-site form can send.
        var upload = endpoint?.Metadata.GetMetadata<AcceptsUpload>();
        if (hasBody && upload is not null && mediaType is not null && upload.MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        if (hasBody && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: Texts.T("Unsupported media type"), detail: Texts.T("Send the body as application/json"), statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        await Task.CompletedTask;
        return null;
    }
}

/// <summary>A request body that refuses to be read past its limit (413), for bodies without a Content-Length.</summary>
internal sealed class LimitedBody(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {limit / 1024} KB", StatusCodes.Status413PayloadTooLarge);
        }
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// Endpoint metadata: the body may be a file of one of <see cref="MediaTypes"/> instead of JSON. Only types
/// outside the CORS-safelisted ones (form and plain-text types) belong here, so that a cross-site page cannot
/// send them without a preflight that this server never grants.
/// </summary>
public sealed class AcceptsUpload(params string[] mediaTypes)
{
    public IReadOnlyList<string> MediaTypes { get; } = mediaTypes.Any(t => t.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || t.Contains("form", StringComparison.OrdinalIgnoreCase))
        ? throw new ArgumentException("Form and text types can be sent cross-site without a preflight.", nameof(mediaTypes))
        : mediaTypes;
}
