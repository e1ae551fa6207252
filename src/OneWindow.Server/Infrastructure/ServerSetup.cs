using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using OneWindow.Common;
using OneWindow.Seeding;
using OneWindow.Server.Departments;
using OneWindow.Storage;

namespace OneWindow.Server.Infrastructure;

/// <summary>Host wiring: identity cookies, ProblemDetails, JSON, localization, start-up migration.</summary>
public static partial class ServerSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static void AddOneWindowServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOneWindowCore()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        // Cookie keys live in the database (shared by every server process), encrypted with the key-encryption key.
        services.AddDataProtection().SetApplicationName("OneWindow").PersistKeysToDbContext<OneWindowDb>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<OneWindow.Security.KeyEncryption>((options, encryption) => options.XmlEncryptor = new OneWindow.Security.KeyEncryptionXmlEncryptor(encryption));
        services.AddSingleton<SessionCheck.AccountLookup>();
        services.AddHostedService<TableChangeListener>();
        services.AddHostedService<OneWindow.Server.Applications.EscalationSweep>();
        services.AddHostedService<OneWindow.Server.Ratings.RatingSweep>();
        services.AddHostedService<OneWindow.Server.Supervision.SupervisionFolding>();
        services.AddHostedService<OneWindow.Server.Proactive.BenefitWorker>();
        services.AddHostedService<OneWindow.Server.Proactive.NightlyBenefitScan>();
        services.AddHttpClient(Departments.WebhookDelivery.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<Departments.WebhookDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<Departments.WebhookDelivery>());
        services.AddHttpClient(OneWindow.Server.Federation.FederationPeers.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddScoped<OneWindow.Server.Federation.FederationPeers>();
        services.AddHostedService<OneWindow.Server.Federation.FederationDelivery>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OneWindow.Federation.FederationOptions>, OneWindow.Server.Federation.FederationOptionsCheck>();
        services.AddOptions<OneWindow.Federation.FederationOptions>().ValidateOnStart();
        services.AddHttpClient(OneWindow.Server.Notifications.HttpSmsSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<OneWindow.Server.Notifications.ISmsSender, OneWindow.Server.Notifications.HttpSmsSender>();
        services.AddSingleton<OneWindow.Server.Notifications.SmtpEmailSender>();
        services.AddHostedService<OneWindow.Server.Notifications.NotificationSender>();
        services.AddScoped<OneWindow.Server.Applications.CaseViews>();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "onewindow.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/Denied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.Events = new CookieAuthenticationEvents
            {
                // Every request checks the account's security stamp: signing out, a password change or
                // reset, a role change or disabling the account ends all of its sessions at once.
                OnValidatePrincipal = SessionCheck.ValidateAsync,
                // The API answers 401/403 ProblemDetails; only pages redirect to the login form.
                OnRedirectToLogin = c => ApiOrRedirect(c, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = c => ApiOrRedirect(c, StatusCodes.Status403Forbidden),
            };
        });
        services.AddOptions<Auth.SignInOptions>().BindConfiguration(Auth.SignInOptions.Section).ValidateOnStart();
        services.AddSingleton<Auth.SignInThrottle>();
        var authorization = services.AddAuthorizationBuilder();
        Claims.AddPolicies(authorization);
        Departments.DepartmentClients.AddTaskWorkPolicy(authorization);
        services.AddDepartmentClients(builder.Configuration);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => StatusTexts.Fill(context.ProblemDetails));
        services.AddExceptionHandler<UnhandledFailures>();
        // UnhandledFailures writes the one line per failure; the middleware's and EF Core's own
        // multi-kilobyte error entries (with stacks and SQL) would repeat it on every failing request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Update", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Query", LogLevel.Critical);
        // Unbindable input is the client's mistake: a 400 ProblemDetails in every environment, never a 500.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Encoder = JsonDefaults.Options.Encoder;
        });
        services.AddRazorPages();
        services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.Section);
        // Pages are mostly Chinese: write it as characters, not &#x...; entities (markup is still encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("zh-CN");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Pages: the query string or the culture cookie, else zh-CN. The API also follows Accept-Language (after those two).
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider { Options = options };
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(context => context.Request.Path.StartsWithSegments("/api")
                    ? acceptLanguage.DetermineProviderCultureResult(context)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<CalendarHealthCheck>("calendar");
    }

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = status },
            }).AsTask();
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A copy of the data folder must not carry the key that opens the private keys inside it.</summary>
    private static void WarnIfKeyBesideDatabase(WebApplication app)
    {
        var keyFile = app.Services.GetRequiredService<OneWindow.Security.KeyEncryption>().KeyFile;
        var (provider, connection) = StorageSetup.Resolve(app.Configuration);
        var dataDirectory = StorageSetup.SqliteDirectory(provider, connection);
        if (keyFile is not null && dataDirectory is not null && string.Equals(Path.GetDirectoryName(keyFile), dataDirectory, StringComparison.Ordinal))
        {
            LogKeyBesideDatabase(app.Logger, keyFile);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "The key-encryption key file {KeyFile} sits beside the database: a copy of that folder opens every stored private key. Move it (Keys:MasterKeyFile) or give Keys:MasterKey from a secret store; see README, Configuration.")]
    private static partial void LogKeyBesideDatabase(ILogger logger, string keyFile);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "A shipped benefit rule is left out: {Reason}")]
    private static partial void LogRuleLeftOut(ILogger logger, string reason);

    /// <summary>Migrates the database and seeds it as configured, before the first request.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        var options = scope.ServiceProvider.GetRequiredService<IOptions<SeedOptions>>().Value;
        await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(options, CancellationToken.None);
        // The benefit rules, checked against the catalog and shared data now stored: a malformed file stops the start.
        var rules = app.Services.GetRequiredService<OneWindow.Proactive.ProactiveRules>();
        await rules.LoadAsync(db, app.Configuration["Proactive:RulesFile"], CancellationToken.None);
        foreach (var reason in rules.Refused)
        {
            LogRuleLeftOut(app.Logger, reason);
        }
        WarnIfKeyBesideDatabase(app);
        // The sequencer drains ledger events staged before a crash or by other processes.
        app.Services.GetRequiredService<OneWindow.Ledger.LedgerWriter>().Start();
    }
}
