using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Identity;

/// <summary>
/// Every API endpoint the server maps, found from its routing table rather than from a list kept by hand,
/// refuses a caller who is not signed in — unless it is one of the public endpoints named below, each for a
/// reason. A new endpoint that forgets to authorize fails here the day it is added; a public one that starts
/// to authorize (or goes away) fails too, so the list stays true.
/// </summary>
public abstract class EndpointAuthorizationTests(OneWindowApp app)
{
    /// <summary>What anyone may call, and why.</summary>
    private static readonly Dictionary<string, string> Public = new(StringComparer.Ordinal)
    {
        ["POST /api/residents"] = "registration",
        ["POST /api/organisations"] = "registration of enterprises and institutions",
        ["POST /api/auth/login"] = "signing in",
        ["POST /api/identifiers/check"] = "checking the form of an identity number or credit code (no data is looked up)",
        ["POST /api/federation/messages"] = "messages from other regions' platforms (跨省通办): authenticated by their signature with a key pinned for a configured peer, not by a session",
        ["GET /api/rating-links/{token}/"] = "an invitation's rating link (好差评): the signed single-use token is the credential, and it reaches that one stage of one application",
        ["POST /api/rating-links/{token}/"] = "rating through an invitation's link, once, without signing in",
        ["POST /api/unresolved-reports/"] = "办不成事反映: anyone reports what they could not get done, also at a kiosk without an account (name and phone asked)",
        ["GET /api/unresolved-reports/track"] = "following a 办不成事 report by its unguessable tracking number and the phone's last four digits",
        ["POST /api/unresolved-reports/track/rating"] = "rating the answer to a 办不成事 report with its tracking number and the phone's last four digits",
        ["POST /api/certificates/verify/scan"] = "扫码核验: reading a certificate's QR code from a camera frame, as anyone may verify a certificate",
        ["GET /api/seals/{id:guid}/image"] = "a registered seal's image, published to compare with a printed certificate (only registered seals are served)",
    };

    private static string Path(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern;
        var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString()
                : parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1"
                : "X",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
        return path;
    }

    [Fact]
    public async Task Every_api_endpoint_refuses_anonymous_callers_except_the_named_public_ones()
    {
        using var anonymous = app.Client();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} API endpoints found");

        var open = new List<string>();
        foreach (var (method, endpoint) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Path(endpoint));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                open.Add($"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}");
            }
        }

        var unexpected = open.Where(o => !Public.ContainsKey(o) && !IsPublicRead(o)).ToList();
        Assert.True(unexpected.Count == 0, "Answer callers who are not signed in: " + string.Join("; ", unexpected));
        var stale = Public.Keys.Where(k => !open.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Listed as public but refuse anonymous callers (or are gone): " + string.Join("; ", stale));
    }

    /// <summary>Pages anyone may open, and why; every other page sends a caller who is not signed in to the sign-in page.</summary>
    private static readonly Dictionary<string, string> PublicPages = new(StringComparer.Ordinal)
    {
        ["/"] = "the home page",
        ["/Index"] = "the home page",
        ["/Catalog"] = "the service guide",
        ["/Catalog/Index"] = "the service guide",
        ["/Catalog/Item/{code}"] = "the service guide",
        ["/Catalog/Bundle/{code}"] = "the service guide",
        ["/Verify"] = "checking a certificate (a school, an employer)",
        ["/Report"] = "办不成事反映, open to anyone (also at a kiosk)",
        ["/Report/Index"] = "办不成事反映, open to anyone (also at a kiosk)",
        ["/Report/Track"] = "following a 办不成事 report by tracking number and the phone's last four digits",
        ["/Kiosk"] = "the kiosk's start page (自助终端), and switching the kiosk profile on or off",
        ["/Rate/{token}"] = "an invitation's rating link (好差评): the signed single-use token rates one stage of one application, nothing else",
        ["/Account/Login"] = "signing in",
        ["/Account/Register"] = "registration",
        ["/Account/Denied"] = "saying access was denied",
        ["/Account/Logout"] = "signing out (ends the caller's own session, if any)",
        ["/Culture"] = "switching the language",
        ["/Elder"] = "switching 长辈版 (large type) on or off",
        ["/Error/{code:int?}"] = "showing an error in the reader's language (nothing but the status and the number to quote)",
    };

    [Fact]
    public async Task Every_page_sends_anonymous_callers_to_sign_in_except_the_named_public_ones()
    {
        using var anonymous = app.Client();
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .ToList();
        Assert.True(pages.Count > 15, $"only {pages.Count} pages found");

        var open = new List<string>();
        foreach (var page in pages)
        {
            var response = await anonymous.GetAsync(Path(page), TestContext.Current.CancellationToken);
            if (!(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true))
            {
                open.Add("/" + page.RoutePattern.RawText!.TrimStart('/'));
            }
        }

        var unexpected = open.Distinct().Where(o => !PublicPages.ContainsKey(o)).ToList();
        Assert.True(unexpected.Count == 0, "Pages that answer callers who are not signed in: " + string.Join("; ", unexpected));
        var stale = PublicPages.Keys.Where(k => !open.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Listed as public but send anonymous callers to sign in (or are gone): " + string.Join("; ", stale));
    }

    /// <summary>
    /// Reads that are public by design: the service guide (catalog), the calendar, administrative divisions,
    /// certificate verification and the status lists and keys a verifier needs, and the transparency ledger.
    /// </summary>
    private static bool IsPublicRead(string endpoint) =>
        endpoint.StartsWith("GET /api/catalog", StringComparison.Ordinal)
        || endpoint.StartsWith("GET /api/calendar", StringComparison.Ordinal)
        || endpoint.StartsWith("GET /api/divisions", StringComparison.Ordinal)
        || endpoint.StartsWith("GET /api/status-lists", StringComparison.Ordinal)
        || endpoint.StartsWith("GET /api/ledger", StringComparison.Ordinal)
        || endpoint.StartsWith("GET /api/certificates/verify", StringComparison.Ordinal)
        || endpoint == "POST /api/certificates/verify"
        || endpoint == "POST /api/ledger/cosignatures"
        || endpoint.Contains("jwks", StringComparison.Ordinal)
        || endpoint.Contains(".well-known", StringComparison.Ordinal);
}

public sealed class EndpointAuthorizationTestsOnSqlite(SqliteApp app) : EndpointAuthorizationTests(app), IClassFixture<SqliteApp>;
