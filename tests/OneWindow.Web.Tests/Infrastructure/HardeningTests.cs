using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Seeding;
using OneWindow.Server.Tests.Certificates;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>Secure defaults: headers, proxies, cross-site refusal, body limits, text hygiene, bounded dates and pages.</summary>
public sealed class HardeningTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/me")]
    [InlineData("/healthz")]
    [InlineData("/no/such/page")]
    [InlineData("/verify")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = app.Client();

        var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP: no HSTS
    }

    [Fact]
    public async Task Behind_a_known_proxy_over_https_cookies_are_secure_and_hsts_is_sent_but_not_for_anyone_else()
    {
        using var proxied = app.WithWebHostBuilder(b => b
            .UseSetting("Hardening:KnownProxies:0", "10.0.0.5")
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, ConnectionFrom>()));
        using var client = proxied.CreateClient();
        async Task<HttpResponseMessage> LoginAsync(string remote)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { account = DemoData.ResidentIdNumber, password = DemoData.Password }) };
            request.Headers.Add(ConnectionFrom.Header, remote);
            request.Headers.Add("X-Forwarded-Proto", "https");
            return await client.SendAsync(request);
        }

        var viaProxy = await LoginAsync("10.0.0.5");
        var spoofed = await LoginAsync("203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.Contains("secure", string.Join(";", viaProxy.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", string.Join(";", spoofed.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Lets a test say which address a request comes from (the test server has no sockets).</summary>
    private sealed class ConnectionFrom : IStartupFilter
    {
        public const string Header = "X-Test-Connection-From";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var from))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(from.ToString());
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task A_cross_site_form_post_to_the_json_api_is_refused_and_changes_nothing()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        var fromOtherSite = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/refuse") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "x" }) };
        fromOtherSite.Headers.Add("Origin", "https://evil.example");
        var fetchMetadata = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/approve");
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "cross-site");
        var formSameSite = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/refuse") { Content = new StringContent("reason=x", Encoding.UTF8, "application/x-www-form-urlencoded") };

        await ProblemAssert.IsProblemAsync(await reviewer.SendAsync(fromOtherSite), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await reviewer.SendAsync(fetchMetadata), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await reviewer.SendAsync(formSameSite), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(ApplicationStatus.Submitted, (await CertificateKit.StatusesAsync(app, [Guid.Parse(id)]))[Guid.Parse(id)]);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413_before_they_are_read()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        using var anyone = app.Client();
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        var hugeNote = await reviewer.PostAsJsonAsync($"/api/applications/{id}/refuse", new { reason = new string('长', 20 * 1024 * 1024 / 3) });
        var hugePdf = await anyone.PostAsync("/api/certificates/verify", new ByteArrayContent(new byte[7 * 1024 * 1024]) { Headers = { ContentType = new("application/pdf") } });

        await ProblemAssert.IsProblemAsync(hugeNote, HttpStatusCode.RequestEntityTooLarge);
        await ProblemAssert.IsProblemAsync(hugePdf, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("\u202Egnp.exe")]
    [InlineData("bell\u0007")]
    [InlineData("line\u0085break")]
    public async Task Control_and_bidirectional_characters_are_refused_in_notes_and_certificate_fields(string text)
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);
        using var reviewer = await app.SignedInAsync("village-reviewer");
        var id = (await CertificateKit.ApplyAsync(resident)).GetProperty("id").GetString()!;

        var note = await reviewer.PostAsJsonAsync($"/api/applications/{id}/refuse", new { reason = text });
        var field = await resident.PostAsJsonAsync("/api/applications", new { itemCode = "CERT-RESIDENCE", divisionCode = DemoData.VillageCode, fields = new { purpose = text, relation = "self", address = "西关村", residentSince = "2015-03-01", housingType = "owned" } });

        await ProblemAssert.HasFieldErrorAsync(note, "reason");
        await ProblemAssert.HasFieldErrorAsync(field, "fields.purpose");
    }

    [Fact]
    public async Task Text_is_stored_nfc_normalised()
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        var created = await CertificateKit.ApplyAsync(resident, new { purpose = "Cafe\u0301 经营", relation = "self", address = "西关村", residentSince = "2015-03-01", housingType = "owned" });

        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        var stored = await app.WithDbAsync(db => db.ApplicationTasks.Where(t => EF.Property<Guid>(t, "ApplicationId") == id).Select(t => t.Fields).SingleAsync());
        Assert.Equal("Caf\u00e9 经营", stored["purpose"]);
    }

    [Theory]
    [InlineData("/api/calendar/due?from=9999-12-31&days=3", "from")]
    [InlineData("/api/calendar/days/0001-01-01", "date")]
    [InlineData("/api/applications?page=2147483647", "page")]
    [InlineData("/api/applications?pageSize=100000", "pageSize")]
    public async Task Out_of_range_dates_and_pages_are_400_not_500(string path, string field)
    {
        using var resident = await app.SignedInAsync(DemoData.ResidentIdNumber);

        await ProblemAssert.HasFieldErrorAsync(await resident.GetAsync(path), field);
    }

    [Fact]
    public async Task Imports_refuse_what_is_not_declared_json()
    {
        using var admin = await app.SignedInAsync("admin");

        var calendar = await admin.PostAsync("/api/calendar/import", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var junk = await admin.PostAsync("/api/calendar/import", new StringContent("not json", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(calendar, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
    }
}
