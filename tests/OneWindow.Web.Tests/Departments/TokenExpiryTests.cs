using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Departments;

/// <summary>The platform with department tokens that live five seconds, so that one can expire within a test.</summary>
public abstract class ShortTokenApp : OneWindowApp
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DepartmentApi:AccessTokenLifetime", Lifetime.ToString());
    }
}

public sealed class ShortTokenSqliteApp : ShortTokenApp
{
    public override string Provider => "sqlite";
}

public sealed class ShortTokenPostgresApp : ShortTokenApp
{
    public override string Provider => "postgres";
}

/// <summary>A department system's access token works until it expires, and not a moment after (no clock skew is granted).</summary>
public abstract class TokenExpiryTests(ShortTokenApp app)
{
    [Fact]
    public async Task An_expired_token_is_refused()
    {
        using var admin = await app.SignedInAsync("village-admin");
        var unit = await app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == "village-admin").Select(u => u.UnitId!.Value).SingleAsync());
        var client = await (await admin.PutAsync($"/api/units/{unit}/client", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var anonymous = app.Client();
        var issued = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.GetProperty("clientId").GetString()!, ["client_secret"] = client.GetProperty("clientSecret").GetString()!, ["scope"] = "tasks",
        }));
        var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var system = app.Client();
        system.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

        var fresh = await system.GetAsync("/api/tasks");
        await Task.Delay(ShortTokenApp.Lifetime + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var expired = await system.GetAsync("/api/tasks");

        Assert.InRange(token.GetProperty("expires_in").GetInt32(), 4, 5); // the configured lifetime, rounded down to whole seconds
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }
}

public sealed class TokenExpiryTestsOnSqlite(ShortTokenSqliteApp app) : TokenExpiryTests(app), IClassFixture<ShortTokenSqliteApp>;

public sealed class TokenExpiryTestsOnPostgres(ShortTokenPostgresApp app) : TokenExpiryTests(app), IClassFixture<ShortTokenPostgresApp>;
