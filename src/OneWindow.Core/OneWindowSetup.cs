using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Security;
using OneWindow.Seeding;
using OneWindow.Storage;

namespace OneWindow;

/// <summary>Registers the core for any host (server, CLI, tests).</summary>
public static class OneWindowSetup
{
    public static IdentityBuilder AddOneWindowCore(this IServiceCollection services)
    {
        services.TryAddSingleton<TimeProvider>(sp => Common.ServiceTimeProvider.FromConfiguration(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddOneWindowStorage();
        services.AddSingleton<AccountCache>();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddScoped<Seeder>();
        services.AddSingleton<Calendar.CalendarCache>();
        services.AddOptions<KeyEncryptionOptions>().BindConfiguration(KeyEncryptionOptions.Section);
        services.AddSingleton<KeyEncryption>();
        services.AddSingleton<DataSharing.SharedDataItems>();
        services.AddSingleton<DataSharing.SubjectKeys>();
        services.AddSingleton<DataSharing.DataReadRecorder>();
        services.AddSingleton<DataSharing.OnceOnly>();
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        services.AddSingleton<Storage.SqliteWriteGate>();
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<LedgerKeys>();
        services.AddScoped<LedgerCheckpoints>();
        services.AddScoped<LedgerReader>();
        services.AddSingleton<LedgerNodeCache>();
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section);
        services.AddScoped<Seals>();
        services.AddScoped<CertificateIssuer>();
        services.AddSingleton<IssuingReferences>();
        services.AddSingleton<SubmissionReferences>();
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        services.AddOptions<CaseOptions>().BindConfiguration(CaseOptions.Section);
        services.AddOptions<MaterialOptions>().BindConfiguration(MaterialOptions.Section);
        services.AddSingleton<MaterialStore>();
        services.AddScoped<CaseMaterials>();
        services.AddOptions<Applications.Drafts.DraftOptions>().BindConfiguration(Applications.Drafts.DraftOptions.Section);
        services.AddScoped<Applications.Drafts.Drafts>();
        services.AddSingleton<FinishedTaskCounts>();
        services.AddSingleton<ApprovalSequencer>();
        services.AddSingleton<SubmissionSequencer>();
        services.AddSingleton<SubmitApplication.Services>();
        services.AddScoped<ReviewApplication>();
        services.AddScoped<VerifyCertificate>();
        services.AddSingleton<VerificationCache>();
        services.AddOptions<Departments.WebhookOptions>().BindConfiguration(Departments.WebhookOptions.Section);
        services.AddSingleton<Departments.DepartmentDispatch>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Departments.DepartmentDispatch>());
        services.AddScoped<Departments.DepartmentEndpoints>();
        services.AddSingleton<DataSharing.IChangeOutbox, Departments.DataChangeOutbox>();
        services.AddSingleton<DataSharing.SharedDataServices>();
        services.AddScoped<Departments.WebhookOutbox>();
        services.AddSingleton<Proactive.ProactiveRules>();
        services.AddSingleton<Proactive.ProactiveInbox>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Proactive.ProactiveInbox>());
        services.AddScoped<Proactive.GrantBenefits>();
        services.AddScoped<Proactive.ScanBenefits>();
        services.AddOptions<Federation.FederationOptions>().BindConfiguration(Federation.FederationOptions.Section);
        services.AddSingleton<Federation.FederationDispatch>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Federation.FederationDispatch>());
        services.AddSingleton<Federation.FederationServices>();
        services.AddOptions<Notifications.NotificationOptions>().BindConfiguration(Notifications.NotificationOptions.Section);
        services.AddOptions<Unresolved.UnresolvedOptions>().BindConfiguration(Unresolved.UnresolvedOptions.Section);
        services.AddOptions<Ratings.RatingOptions>().BindConfiguration(Ratings.RatingOptions.Section);
        services.AddSingleton<Ratings.RatingServices>();
        services.AddSingleton<Ratings.RatingInvitations>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Ratings.RatingInvitations>());
        services.AddSingleton<Supervision.SupervisionFacts>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Supervision.SupervisionFacts>());
        services.AddSingleton<Notifications.NotificationDispatch>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<Notifications.NotificationDispatch>());
        return services
            .AddIdentityCore<Account>(options =>
            {
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
            })
            .AddEntityFrameworkStores<OneWindowDb>()
            .AddErrorDescriber<Identity.IdentityMessages>();
    }
}
