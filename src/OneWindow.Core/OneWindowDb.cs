using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Certificates;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow;

/// <summary>The one EF Core model; each module owns its tables.</summary>
public sealed class OneWindowDb(DbContextOptions<OneWindowDb> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core Data Protection keys, stored encrypted (see Security/KeyEncryptionXml).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Division> Divisions => Set<Division>();

    public DbSet<DivisionLiaison> DivisionLiaisons => Set<DivisionLiaison>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();

    public DbSet<Bundle> Bundles => Set<Bundle>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Seal> Seals => Set<Seal>();

    public DbSet<SignatureSpecimen> SignatureSpecimens => Set<SignatureSpecimen>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<ApplicationTask> ApplicationTasks => Set<ApplicationTask>();

    public DbSet<Proactive.BenefitGrant> BenefitGrants => Set<Proactive.BenefitGrant>();

    public DbSet<Proactive.ProactiveEvent> ProactiveEvents => Set<Proactive.ProactiveEvent>();

    public DbSet<Federation.FederationMessage> FederationMessages => Set<Federation.FederationMessage>();

    public DbSet<Federation.ForwardedCase> ForwardedCases => Set<Federation.ForwardedCase>();

    public DbSet<Federation.FederationKey> FederationKeys => Set<Federation.FederationKey>();

    public DbSet<Federation.PeerKey> PeerKeys => Set<Federation.PeerKey>();

    public DbSet<Federation.CrossRegionClaim> CrossRegionClaims => Set<Federation.CrossRegionClaim>();

    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    public DbSet<Notifications.NotificationDelivery> NotificationDeliveries => Set<Notifications.NotificationDelivery>();

    public DbSet<Notifications.NotificationPreference> NotificationPreferences => Set<Notifications.NotificationPreference>();

    public DbSet<global::OneWindow.Ratings.IndicatorSet> IndicatorSets => Set<global::OneWindow.Ratings.IndicatorSet>();

    public DbSet<global::OneWindow.Ratings.Rating> Ratings => Set<global::OneWindow.Ratings.Rating>();

    public DbSet<global::OneWindow.Ratings.RatingInvitation> RatingInvitations => Set<global::OneWindow.Ratings.RatingInvitation>();

    public DbSet<global::OneWindow.Ratings.RatingLink> RatingLinks => Set<global::OneWindow.Ratings.RatingLink>();

    public DbSet<global::OneWindow.Ratings.Rectification> Rectifications => Set<global::OneWindow.Ratings.Rectification>();

    public DbSet<global::OneWindow.Ratings.RatingCount> RatingCounts => Set<global::OneWindow.Ratings.RatingCount>();

    public DbSet<global::OneWindow.Ratings.RatingMonthCount> RatingMonthCounts => Set<global::OneWindow.Ratings.RatingMonthCount>();

    public DbSet<global::OneWindow.Ratings.RatingDivisionCount> RatingDivisionCounts => Set<global::OneWindow.Ratings.RatingDivisionCount>();

    public DbSet<global::OneWindow.Ratings.RatingDivisionMonthCount> RatingDivisionMonthCounts => Set<global::OneWindow.Ratings.RatingDivisionMonthCount>();

    public DbSet<Unresolved.UnresolvedReport> UnresolvedReports => Set<Unresolved.UnresolvedReport>();

    public DbSet<Supervision.SupervisionFact> SupervisionFacts => Set<Supervision.SupervisionFact>();

    public DbSet<Supervision.CaseCount> CaseCounts => Set<Supervision.CaseCount>();

    public DbSet<Supervision.CaseDuration> CaseDurations => Set<Supervision.CaseDuration>();

    public DbSet<Supervision.MonthCount> MonthCounts => Set<Supervision.MonthCount>();

    public DbSet<Supervision.MonthDuration> MonthDurations => Set<Supervision.MonthDuration>();

    public DbSet<ApplicationMaterial> ApplicationMaterials => Set<ApplicationMaterial>();

    public DbSet<Applications.Drafts.FormDraft> FormDrafts => Set<Applications.Drafts.FormDraft>();

    public DbSet<Departments.DepartmentEndpoint> DepartmentEndpoints => Set<Departments.DepartmentEndpoint>();

    public DbSet<Departments.WebhookMessage> WebhookMessages => Set<Departments.WebhookMessage>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<StatusList> StatusLists => Set<StatusList>();

    public DbSet<CertificatePdfCopy> CertificatePdfs => Set<CertificatePdfCopy>();

    public DbSet<DataSharing.SharedDataItem> SharedDataItems => Set<DataSharing.SharedDataItem>();

    public DbSet<DataSharing.SharedDataRecord> SharedDataRecords => Set<DataSharing.SharedDataRecord>();

    public DbSet<DataSharing.DataConsent> DataConsents => Set<DataSharing.DataConsent>();

    public DbSet<DataSharing.DataSubscription> DataSubscriptions => Set<DataSharing.DataSubscription>();

    public DbSet<DataSharing.DataGrant> DataGrants => Set<DataSharing.DataGrant>();

    public DbSet<DataSharing.DataRead> DataReads => Set<DataSharing.DataRead>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<LedgerBundle> LedgerBundles => Set<LedgerBundle>();

    public DbSet<LedgerNode> LedgerNodes => Set<LedgerNode>();

    public DbSet<LedgerState> LedgerStates => Set<LedgerState>();

    public DbSet<LedgerCheckpoint> LedgerCheckpoints => Set<LedgerCheckpoint>();

    public DbSet<LedgerCosignature> LedgerCosignatures => Set<LedgerCosignature>();

    public DbSet<LedgerWitness> LedgerWitnesses => Set<LedgerWitness>();

    public DbSet<LedgerKey> LedgerKeys => Set<LedgerKey>();

    public DbSet<LedgerOutboxEntry> LedgerOutbox => Set<LedgerOutboxEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Departments' systems sign in with OAuth 2.0 client credentials (OpenIddict's clients and tokens).
        builder.UseOpenIddict();

        builder.Entity<Account>(e =>
        {
            e.Property(a => a.RealName).HasMaxLength(100);
            e.Property(a => a.IdNumber).HasMaxLength(18);
            e.HasIndex(a => a.IdNumber).IsUnique();
            e.Property(a => a.OrganisationName).HasMaxLength(RegisterOrganisation.MaxNameLength);
            e.Property(a => a.CreditCode).HasMaxLength(18);
            e.HasIndex(a => a.CreditCode).IsUnique();
            e.Property(a => a.AgentIdNumber).HasMaxLength(18);
            e.Ignore(a => a.IsOrganisation);
            e.HasIndex(a => a.UnitId);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Division>(e =>
        {
            e.ToTable("divisions");
            e.HasKey(d => d.Code);
            e.Property(d => d.Code).HasMaxLength(12);
            e.Property(d => d.ParentCode).HasMaxLength(12);
            e.Property(d => d.Name).HasMaxLength(100);
            e.HasIndex(d => d.ParentCode);
            e.HasIndex(d => d.Name);
        });

        builder.Entity<DivisionLiaison>(e =>
        {
            e.ToTable("division_liaisons");
            e.HasKey(l => l.DivisionCode);
            e.Property(l => l.DivisionCode).HasMaxLength(12);
            e.Property(l => l.PersonName).HasMaxLength(100);
            e.Property(l => l.Title).HasMaxLength(100);
            e.Property(l => l.Phone).HasMaxLength(20);
            e.HasOne<Division>().WithOne().HasForeignKey<DivisionLiaison>(l => l.DivisionCode).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CalendarDay>(e =>
        {
            e.ToTable("calendar_days");
            e.HasKey(d => d.Date);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Name).HasMaxLength(50);
            e.Property(d => d.NameEn).HasMaxLength(200);
        });

        builder.Entity<CalendarYear>(e =>
        {
            e.ToTable("calendar_years");
            e.HasKey(y => y.Year);
            e.Property(y => y.Year).ValueGeneratedNever();
            e.Property(y => y.Source).HasMaxLength(500);
        });

        builder.Entity<ServiceItem>(e =>
        {
            e.ToTable("service_items");
            e.HasKey(i => i.Code);
            e.Property(i => i.Code).HasMaxLength(64);
            e.Property(i => i.Name).HasMaxLength(200);
            e.Property(i => i.NameEn).HasMaxLength(200);
            e.Property(i => i.Department).HasConversion<string>().HasMaxLength(40);
            e.Property(i => i.Level).HasConversion<string>().HasMaxLength(16);
            JsonColumn(e.Property(i => i.Fields));
            JsonColumn(e.Property(i => i.Materials));
            JsonColumn(e.Property(i => i.Output));
            e.PrimitiveCollection(i => i.Audience).ElementType(t => t.HasConversion<string>());
        });

        builder.Entity<Bundle>(e =>
        {
            e.ToTable("bundles");
            e.HasKey(b => b.Code);
            e.Property(b => b.Code).HasMaxLength(64);
            e.Property(b => b.Name).HasMaxLength(200);
            e.Property(b => b.NameEn).HasMaxLength(200);
            JsonColumn(e.Property(b => b.Items));
            JsonColumn(e.Property(b => b.Prerequisites));
            JsonColumn(e.Property(b => b.Fields));
            e.PrimitiveCollection(b => b.Audience).ElementType(t => t.HasConversion<string>());
            JsonColumn(e.Property(b => b.Flows));
            JsonColumn(e.Property(b => b.SubjectKey));
        });

        builder.Entity<Unit>(e =>
        {
            e.ToTable("units");
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(u => u.Department).HasConversion<string>().HasMaxLength(40);
            e.Property(u => u.DivisionCode).HasMaxLength(12);
            e.Property(u => u.CreditCode).HasMaxLength(18);
            e.HasIndex(u => u.CreditCode).IsUnique();
            e.HasIndex(u => u.DivisionCode);
            e.HasOne<Division>().WithMany().HasForeignKey(u => u.DivisionCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(u => u.SupervisingUnitId).OnDelete(DeleteBehavior.Restrict);
        });

        MapLedger(builder);
        MapCertificates(builder);
        MapRatings(builder);
        MapUnresolved(builder);
        MapSupervision(builder);
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }

    private static void MapRatings(ModelBuilder builder)
    {
        builder.Entity<global::OneWindow.Ratings.IndicatorSet>(e =>
        {
            e.ToTable("rating_indicator_sets");
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.Scope).HasConversion<string>().HasMaxLength(16);
            JsonColumn(e.Property(s => s.Indicators));
        });
        builder.Entity<global::OneWindow.Ratings.Rating>(e =>
        {
            e.ToTable("ratings");
            e.Property(r => r.Stage).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Level).HasConversion<int>();
            e.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.IndicatorSetId).HasMaxLength(64);
            e.Property(r => r.Comment).HasMaxLength(global::OneWindow.Ratings.RateApplication.MaxComment);
            e.Property(r => r.ItemCode).HasMaxLength(64);
            e.Property(r => r.ContentHash).HasMaxLength(64);
            e.Ignore(r => r.IsPoor);
            JsonColumn(e.Property(r => r.Scores));
            // One rating per stage; a change is the next version — of two at once, the unique key keeps one.
            e.HasIndex(r => new { r.ApplicationId, r.Stage, r.Version }).IsUnique();
            e.HasIndex(r => r.CreatedAt);
        });
        builder.Entity<global::OneWindow.Ratings.RatingInvitation>(e =>
        {
            e.ToTable("rating_invitations");
            e.HasIndex(i => i.ApplicationId);
            e.Property(i => i.ItemCode).HasMaxLength(64);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.Ignore(i => i.Token);
            e.HasIndex(i => new { i.InvitedAt, i.DueAt });
        });
        builder.Entity<global::OneWindow.Ratings.RatingLink>(e =>
        {
            e.ToTable("rating_links");
            e.Property(l => l.Stage).HasConversion<string>().HasMaxLength(16);
            // Single use: the use is saved only where the link was unused.
            e.Property(l => l.UsedAt).IsConcurrencyToken();
            e.HasIndex(l => l.ApplicationId);
        });
        builder.Entity<global::OneWindow.Ratings.Rectification>(e =>
        {
            e.ToTable("rectifications");
            e.Property(r => r.Stage).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Level).HasConversion<int>();
            e.Property(r => r.RenewedLevel).HasConversion<int?>();
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.ItemCode).HasMaxLength(64);
            e.Property(r => r.Finding).HasMaxLength(TextInput.MaxNote);
            e.Property(r => r.CallbackOutcome).HasMaxLength(TextInput.MaxNote);
            e.Property(r => r.Fix).HasMaxLength(TextInput.MaxNote);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasIndex(r => new { r.RatingId, r.UnitId }).IsUnique();
            e.HasIndex(r => new { r.UnitId, r.State, r.DueDate });
            e.HasIndex(r => new { r.State, r.DueDate });
            e.HasIndex(r => r.EscalatedToUnitId);
            e.HasIndex(r => r.ApplicationId);
        });
        MapRatingTally(builder.Entity<global::OneWindow.Ratings.RatingCount>(), "rating_counts");
        MapRatingTally(builder.Entity<global::OneWindow.Ratings.RatingMonthCount>(), "rating_month_counts");
        MapRatingRollup(builder.Entity<global::OneWindow.Ratings.RatingDivisionCount>(), "rating_division_counts");
        MapRatingRollup(builder.Entity<global::OneWindow.Ratings.RatingDivisionMonthCount>(), "rating_division_month_counts");
    }

    private static void MapRatingRollup<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e, string table) where T : global::OneWindow.Ratings.RatingRollup
    {
        e.ToTable(table);
        // A division's period is one range of the key.
        e.HasKey(c => new { c.Level, c.Division, c.Day });
        e.Property(c => c.Division).HasMaxLength(12);
    }

    private static void MapUnresolved(ModelBuilder builder) =>
        builder.Entity<Unresolved.UnresolvedReport>(e =>
        {
            e.ToTable("unresolved_reports");
            e.Property(r => r.TrackingNumber).HasMaxLength(20);
            e.HasIndex(r => r.TrackingNumber).IsUnique();
            e.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.ReporterName).HasMaxLength(100);
            e.Property(r => r.Phone).HasMaxLength(20);
            e.Property(r => r.Tried).HasMaxLength(TextInput.MaxNote);
            e.Property(r => r.DivisionCode).HasMaxLength(12);
            e.Property(r => r.ItemCode).HasMaxLength(64);
            e.Property(r => r.OwnerDivision).HasMaxLength(12);
            e.Property(r => r.OwnerName).HasMaxLength(100);
            e.Property(r => r.OwnerTitle).HasMaxLength(100);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Outcome).HasMaxLength(TextInput.MaxNote);
            e.Property(r => r.Version).IsConcurrencyToken();
            // The owners' lists (a subtree's prefix), the sweep's overdue ones, a person's own.
            e.HasIndex(r => new { r.OwnerDivision, r.State, r.DueDate });
            e.HasIndex(r => new { r.State, r.DueDate });
            e.HasIndex(r => new { r.ReporterId, r.SubmittedAt });
        });

    private static void MapSupervision(ModelBuilder builder)
    {
        builder.Entity<Supervision.SupervisionFact>(e =>
        {
            e.ToTable("supervision_facts");
            e.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        });
        MapRollup(builder.Entity<Supervision.CaseCount>(), "case_counts");
        MapRollup(builder.Entity<Supervision.MonthCount>(), "month_counts");
        MapHistogram(builder.Entity<Supervision.CaseDuration>(), "case_durations");
        MapHistogram(builder.Entity<Supervision.MonthDuration>(), "month_durations");
    }

    private static void MapRatingTally<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e, string table) where T : global::OneWindow.Ratings.RatingTally
    {
        e.ToTable(table);
        e.HasKey(c => new { c.Day, c.UnitId, c.ItemCode });
        e.Property(c => c.ItemCode).HasMaxLength(64);
        e.Property(c => c.DivisionCode).HasMaxLength(12);
        e.Property(c => c.Department).HasConversion<string>().HasMaxLength(40);
        // A view sums a period within a subtree, a unit or an item.
        e.HasIndex(c => new { c.DivisionCode, c.Day });
        e.HasIndex(c => new { c.UnitId, c.Day });
        e.HasIndex(c => new { c.ItemCode, c.Day });
    }

    private static void MapRollup<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e, string table) where T : Supervision.CaseRollup
    {
        e.ToTable(table);
        e.HasKey(c => new { c.Day, c.Level, c.Division, c.ItemCode });
        e.Property(c => c.Division).HasMaxLength(12);
        e.Property(c => c.ItemCode).HasMaxLength(64);
        // A division's own periods (item by item, or all items: the item is read from the index); the divisions one level
        // down within a code range — all items, or a department's — by period.
        e.HasIndex(c => new { c.Level, c.Division, c.Day, c.ItemCode });
        e.HasIndex(c => new { c.Level, c.ItemCode, c.Division, c.Day });
    }

    private static void MapHistogram<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e, string table) where T : Supervision.DurationRollup
    {
        e.ToTable(table);
        e.HasKey(c => new { c.Day, c.Level, c.Division, c.ItemCode, c.WorkingDays });
        e.Property(c => c.Division).HasMaxLength(12);
        e.Property(c => c.ItemCode).HasMaxLength(64);
        // A division's period, of all items or of a department's.
        e.HasIndex(c => new { c.Level, c.Division, c.ItemCode, c.Day });
    }

    private static void MapCertificates(ModelBuilder builder)
    {
        builder.Entity<Seal>(e =>
        {
            e.ToTable("seals");
            e.Property(s => s.KeyId).HasMaxLength(100);
            e.HasIndex(s => s.KeyId).IsUnique();
            e.HasIndex(s => s.UnitId);
            // At most one seal per unit waits for registration: concurrent submissions cannot both land.
            e.HasIndex(s => s.UnitId, "ix_seals_one_pending_per_unit").IsUnique().HasFilter("\"Status\" = 'Submitted'");
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.ReviewNote).HasMaxLength(500);
            e.HasOne<Unit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SignatureSpecimen>(e =>
        {
            e.ToTable("signature_specimens");
            e.HasIndex(s => s.AccountId);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.ReviewNote).HasMaxLength(500);
            e.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Application>(e =>
        {
            e.ToTable("applications");
            e.Property(a => a.BundleCode).HasMaxLength(64);
            e.Property(a => a.ItemCode).HasMaxLength(64);
            e.Property(a => a.DivisionCode).HasMaxLength(12);
            e.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.State).HasConversion<string>().HasMaxLength(24);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => a.ApplicantId);
            e.Property(a => a.IdempotencyKey).HasMaxLength(SubmitApplication.MaxIdempotencyKeyLength);
            // One case per applicant and key; cases without a key (NULL) never collide on either provider.
            e.HasIndex(a => new { a.ApplicantId, a.IdempotencyKey }).IsUnique();
            // One case in progress per person and matter-with-the-same-answers (both providers support filtered unique indexes).
            e.Property(a => a.MatterHash).HasMaxLength(64);
            e.HasIndex(a => new { a.ApplicantId, a.MatterHash }).IsUnique().HasFilter("\"State\" = 'InProgress'");
            e.Property(a => a.SubjectHash).HasMaxLength(64);
            e.Property(a => a.Delivery).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.DeliveryAddress).HasMaxLength(SubmitApplication.MaxAddressLength);
            e.HasIndex(a => a.SubjectHash).IsUnique().HasFilter("\"SubjectHash\" IS NOT NULL AND \"State\" IN ('InProgress', 'Completed')");
            e.HasOne<Account>().WithMany().HasForeignKey(a => a.ApplicantId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Tasks).WithOne().HasForeignKey("ApplicationId").IsRequired().OnDelete(DeleteBehavior.Cascade);
            e.Navigation(a => a.Tasks).AutoInclude();
            JsonColumn(e.Property(a => a.Form));
            JsonColumn(e.Property(a => a.History));
            JsonColumn(e.Property(a => a.Prefilled));
            // A consent serves one application, exactly, on both providers.
            e.HasIndex(a => a.ConsentId).IsUnique().HasFilter("\"ConsentId\" IS NOT NULL");
            e.Property(a => a.OriginRegion).HasMaxLength(12);
        });
        builder.Entity<ApplicationMaterial>(e =>
        {
            e.ToTable("application_materials");
            e.HasKey(m => m.Id);
            e.HasOne<Application>().WithMany().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.ApplicationId, m.ItemCode, m.MaterialCode });
            e.Property(m => m.ItemCode).HasMaxLength(64);
            e.Property(m => m.MaterialCode).HasMaxLength(64);
            e.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.FileName).HasMaxLength(ApplicationMaterial.MaxFileNameLength);
            e.Property(m => m.ContentType).HasMaxLength(32);
            e.Property(m => m.Sha256).HasMaxLength(64);
            e.Property(m => m.SharedItem).HasMaxLength(64);
        });

        builder.Entity<Applications.Drafts.FormDraft>(e =>
        {
            e.ToTable("form_drafts");
            e.HasOne<Account>().WithMany().HasForeignKey(d => d.ApplicantId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => new { d.ApplicantId, d.Code }).IsUnique();
            e.Property(d => d.Code).HasMaxLength(64);
            e.Property(d => d.DivisionCode).HasMaxLength(12);
            e.Property(d => d.Delivery).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.DeliveryAddress).HasMaxLength(SubmitApplication.MaxAddressLength);
            e.Property(d => d.Version).IsConcurrencyToken();
            JsonColumn(e.Property(d => d.Fields));
        });

        builder.Entity<Departments.DepartmentEndpoint>(e =>
        {
            e.ToTable("department_endpoints");
            e.HasKey(d => d.UnitId);
            e.HasOne<Unit>().WithMany().HasForeignKey(d => d.UnitId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.Url).HasMaxLength(Departments.DepartmentEndpoints.MaxUrlLength);
        });

        builder.Entity<Departments.WebhookMessage>(e =>
        {
            e.ToTable("webhook_messages");
            e.Property(m => m.Id).HasMaxLength(40);
            e.Property(m => m.Type).HasMaxLength(40);
            e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.LeasedBy).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(500);
            // What the deliverers take next; a unit's dead letters; a task's messages.
            e.HasIndex(m => new { m.State, m.DueAt });
            e.HasIndex(m => new { m.UnitId, m.State });
            e.HasIndex(m => m.TaskId);
            e.Property(m => m.ContentType).HasMaxLength(64);
            // A subscription's events in order (replay from a sequence number); a record's events (who acknowledged it).
            e.HasIndex(m => new { m.SubscriptionId, m.Sequence });
            e.HasIndex(m => m.RecordId);
        });

        builder.Entity<Proactive.BenefitGrant>(e =>
        {
            e.ToTable("benefit_grants");
            e.Property(g => g.RuleCode).HasMaxLength(64);
            e.Property(g => g.EventId).HasMaxLength(100);
            e.Property(g => g.SubjectHash).HasMaxLength(64);
            e.Property(g => g.ItemCode).HasMaxLength(64);
            e.Property(g => g.State).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.Objection).HasMaxLength(1000);
            e.Property(g => g.Amount).HasPrecision(12, 2);
            // A replayed event grants nothing twice: the loser of two at once is refused here.
            e.HasIndex(g => new { g.RuleCode, g.EventId, g.SubjectHash }).IsUnique();
            e.HasIndex(g => g.PersonId);
            e.HasIndex(g => g.SubjectHash);
            e.HasIndex(g => new { g.UnitId, g.State });
            JsonColumn(e.Property(g => g.Fields));
            JsonColumn(e.Property(g => g.Explanation));
        });

        builder.Entity<Proactive.ProactiveEvent>(e =>
        {
            e.ToTable("proactive_events");
            e.Property(v => v.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(v => v.Source).HasMaxLength(64);
            e.Property(v => v.EventId).HasMaxLength(100);
            e.Property(v => v.Note).HasMaxLength(1000);
            e.HasIndex(v => new { v.Kind, v.EventId }).IsUnique();
            // What the workers take next.
            e.HasIndex(v => new { v.ProcessedAt, v.LeasedUntil });
        });

        builder.Entity<Federation.FederationMessage>(e =>
        {
            e.ToTable("federation_messages");
            // The id is the idempotency id both platforms know a message by: a replayed id is refused here.
            e.HasKey(m => new { m.Direction, m.Peer, m.Id });
            e.Property(m => m.Direction).HasConversion<string>().HasMaxLength(8);
            e.Property(m => m.Peer).HasMaxLength(12);
            e.Property(m => m.Type).HasMaxLength(64);
            e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.BodyHash).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(1000);
            // What the deliverers take next; a case's messages.
            e.HasIndex(m => new { m.Direction, m.State, m.NextAttemptAt });
            e.HasIndex(m => m.CaseId);
        });
        builder.Entity<Federation.ForwardedCase>(e =>
        {
            e.ToTable("forwarded_cases");
            e.Property(c => c.Peer).HasMaxLength(12);
            e.Property(c => c.BundleCode).HasMaxLength(64);
            e.Property(c => c.ItemCode).HasMaxLength(64);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.NameEn).HasMaxLength(200);
            e.Property(c => c.DivisionCode).HasMaxLength(12);
            e.Property(c => c.IdempotencyKey).HasMaxLength(SubmitApplication.MaxIdempotencyKeyLength);
            e.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Reason).HasMaxLength(1000);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasIndex(c => new { c.ApplicantId, c.IdempotencyKey }).IsUnique();
            e.HasIndex(c => new { c.ApplicantId, c.SubmittedAt });
            e.HasOne<Account>().WithMany().HasForeignKey(c => c.ApplicantId).OnDelete(DeleteBehavior.Restrict);
            JsonColumn(e.Property(c => c.Form));
        });
        builder.Entity<Notifications.Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.Event).HasConversion<string>().HasMaxLength(24);
            e.Property(n => n.Key).HasMaxLength(120);
            e.Property(n => n.Link).HasMaxLength(200);
            e.Property(n => n.ItemCode).HasMaxLength(64);
            e.Property(n => n.Reference).HasMaxLength(100);
            e.Property(n => n.Note).HasMaxLength(1000);
            // An event notifies once because the change it tells of commits once (versioned saves; a replayed event changes
            // nothing): the entry is in that change's transaction. No unique index here — with one, the loser of two
            // simultaneous decisions met a unique violation before its version check and answered 500 instead of 409.
            e.HasIndex(n => new { n.RecipientId, n.CreatedAt });
            e.HasIndex(n => new { n.RecipientUnitId, n.CreatedAt });
            e.HasIndex(n => new { n.Planned, n.CreatedAt });
        });
        builder.Entity<Notifications.NotificationPreference>(e =>
        {
            e.ToTable("notification_preferences");
            e.HasKey(p => p.AccountId);
            e.Property(p => p.Language).HasMaxLength(8);
        });
        builder.Entity<Notifications.NotificationDelivery>(e =>
        {
            e.ToTable("notification_deliveries");
            e.Property(d => d.Channel).HasConversion<string>().HasMaxLength(8);
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(8);
            e.Property(d => d.Address).HasMaxLength(254);
            e.Property(d => d.LastError).HasMaxLength(500);
            // At most once per event, channel and person.
            e.HasIndex(d => new { d.NotificationId, d.Channel, d.RecipientId }).IsUnique();
            e.HasIndex(d => new { d.State, d.NextAttemptAt });
        });
        builder.Entity<Federation.CrossRegionClaim>(e =>
        {
            e.ToTable("cross_region_claims");
            e.Property(c => c.InsuredRegion).HasMaxLength(12);
            e.Property(c => c.PatientIdNumber).HasMaxLength(18);
            e.Property(c => c.PatientName).HasMaxLength(50);
            e.Property(c => c.Hospital).HasMaxLength(100);
            e.Property(c => c.BillNumber).HasMaxLength(Federation.SettleClaim.MaxBillNumberLength);
            // A bill is settled once: of two clerks settling it at once, one wins.
            e.HasIndex(c => new { c.UnitId, c.Hospital, c.BillNumber }).IsUnique();
            e.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Scheme).HasMaxLength(50);
            e.Property(c => c.Status).HasMaxLength(20);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.TotalAmount).HasPrecision(12, 2);
            e.Property(c => c.EligibleAmount).HasPrecision(12, 2);
            e.Property(c => c.FundPays).HasPrecision(12, 2);
            e.Property(c => c.PersonPays).HasPrecision(12, 2);
            e.Property(c => c.Ratio).HasPrecision(5, 4);
            e.HasIndex(c => new { c.UnitId, c.SettledAt });
        });
        builder.Entity<Federation.FederationKey>(e =>
        {
            e.ToTable("federation_keys");
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).HasMaxLength(64);
        });
        builder.Entity<Federation.PeerKey>(e =>
        {
            e.ToTable("federation_peer_keys");
            e.HasKey(k => new { k.Region, k.KeyId });
            e.Property(k => k.Region).HasMaxLength(12);
            e.Property(k => k.KeyId).HasMaxLength(64);
        });

        builder.Entity<ApplicationTask>(e =>
        {
            e.ToTable("application_tasks");
            e.Property(t => t.ItemCode).HasMaxLength(64);
            e.Property(t => t.State).HasConversion<string>().HasMaxLength(24);
            e.Property(t => t.Reason).HasMaxLength(1000);
            // A unit's queue: its tasks in a state, soonest due first; and the same for one channel.
            e.HasIndex(t => new { t.UnitId, t.State, t.DueDate });
            e.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(t => new { t.UnitId, t.Channel, t.State, t.DueDate });
            e.HasIndex(t => t.EscalatedToUnitId);
            // A staff member's recent actions, latest first.
            e.HasIndex(t => new { t.LastActorId, t.LastActedAt });
            e.HasOne<Unit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
            JsonColumn(e.Property(t => t.Fields));
            JsonColumn(e.Property(t => t.Requires));
            JsonColumn(e.Property(t => t.Awaited));
            JsonColumn(e.Property(t => t.Inputs));
            JsonColumn(e.Property(t => t.Receives));
            e.Property(t => t.Handover).HasConversion<string>().HasMaxLength(24);
            e.Property(t => t.Carrier).HasMaxLength(HandOverResult.MaxCarrierLength);
            e.Property(t => t.TrackingNumber).HasMaxLength(HandOverResult.MaxTrackingNumberLength);
            JsonColumn(e.Property(t => t.SupplementFields));
            JsonColumn(e.Property(t => t.SupplementMaterials));
            JsonColumn(e.Property(t => t.Result));
        });
        builder.Entity<Certificate>(e =>
        {
            e.ToTable("certificates");
            e.Property(c => c.Identifier).HasMaxLength(120);
            e.HasIndex(c => c.Identifier).IsUnique();
            e.HasIndex(c => c.HolderId);
            e.HasIndex(c => new { c.UnitId, c.StatusIndex }).IsUnique();
            e.Property(c => c.SealKeyId).HasMaxLength(100);
            e.Property(c => c.CertificateType).HasMaxLength(64);
            e.Property(c => c.Purpose).HasMaxLength(200);
            e.Property(c => c.RevocationReason).HasMaxLength(500);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasIndex(c => c.TaskId).IsUnique();
            e.Property(c => c.VerificationCode).HasMaxLength(VerificationCode.Length);
        });
        builder.Entity<CertificatePdfCopy>(e =>
        {
            e.ToTable("certificate_pdfs");
            e.HasKey(p => p.CertificateId);
            e.HasOne<Certificate>().WithOne().HasForeignKey<CertificatePdfCopy>(p => p.CertificateId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<StatusList>(e =>
        {
            e.ToTable("status_lists");
            e.HasKey(s => s.UnitId);
        });
    }

    /// <summary>The ledger's tables use lower-case column names: its hot paths are plain SQL on both providers.</summary>
    private static void MapLedger(ModelBuilder builder)
    {
        builder.Entity<DataSharing.SharedDataItem>(e =>
        {
            e.ToTable("shared_data_items");
            e.HasKey(i => i.Code);
            e.Property(i => i.Code).HasMaxLength(64);
            e.Property(i => i.Name).HasMaxLength(100);
            e.Property(i => i.NameEn).HasMaxLength(200);
            e.Property(i => i.Owner).HasConversion<string>().HasMaxLength(40);
            e.Property(i => i.Subject).HasConversion<string>().HasMaxLength(16);
            JsonColumn(e.Property(i => i.Fields));
        });
        builder.Entity<DataSharing.SharedDataRecord>(e =>
        {
            e.ToTable("shared_data_records");
            e.HasKey(r => r.Id);
            e.HasOne<DataSharing.SharedDataItem>().WithMany().HasForeignKey(r => r.ItemCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.ItemCode, r.SubjectHash, r.Version }).IsUnique(); // one writer of each version
            e.HasIndex(r => new { r.ItemCode, r.Id }); // a scan walks an item's records in order, a page at a time
            e.Property(r => r.ItemCode).HasMaxLength(64);
            e.Property(r => r.SubjectHash).HasMaxLength(64);
        });
        builder.Entity<DataSharing.DataGrant>(e =>
        {
            e.ToTable("data_grants");
            e.HasKey(g => g.Id);
            e.HasOne<DataSharing.SharedDataItem>().WithMany().HasForeignKey(g => g.ItemCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(g => new { g.ItemCode, g.ConsumerUnitId });
            e.Property(g => g.ItemCode).HasMaxLength(64);
            e.Property(g => g.Purpose).HasMaxLength(DataSharing.DataGrant.MaxPurposeLength);
            e.Property(g => g.State).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.Note).HasMaxLength(TextInput.MaxNote);
            e.Property(g => g.Version).IsConcurrencyToken();
            JsonColumn(e.Property(g => g.Fields));
        });
        builder.Entity<DataSharing.DataRead>(e =>
        {
            e.ToTable("data_reads");
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.SubjectHash, r.Id });
            e.Property(r => r.ItemCode).HasMaxLength(64);
            e.Property(r => r.SubjectHash).HasMaxLength(64);
            e.Property(r => r.Purpose).HasMaxLength(DataSharing.DataGrant.MaxPurposeLength);
            JsonColumn(e.Property(r => r.Fields));
        });
        builder.Entity<DataSharing.DataSubscription>(e =>
        {
            e.ToTable("data_subscriptions");
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.ItemCode, s.Active });
            e.HasIndex(s => s.UnitId);
            // One active subscription per grant, exactly, when two admins subscribe at once (both providers read a bare boolean column as the condition).
            e.HasIndex(s => s.GrantId).IsUnique().HasFilter("\"Active\"").HasDatabaseName("IX_data_subscriptions_GrantId_Active");
            e.Property(s => s.ItemCode).HasMaxLength(64);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasOne<DataSharing.DataGrant>().WithMany().HasForeignKey(s => s.GrantId).OnDelete(DeleteBehavior.Restrict);
            JsonColumn(e.Property(s => s.Fields));
        });
        builder.Entity<DataSharing.DataConsent>(e =>
        {
            e.ToTable("data_consents");
            e.HasKey(c => c.Id);
            e.HasIndex(c => c.PersonId);
            e.Property(c => c.Code).HasMaxLength(64);
            e.Property(c => c.Purpose).HasMaxLength(DataSharing.DataGrant.MaxPurposeLength);
            e.Property(c => c.Version).IsConcurrencyToken();
            JsonColumn(e.Property(c => c.Reads));
            JsonColumn(e.Property(c => c.Digests));
            JsonColumn(e.Property(c => c.Sources));
        });

        builder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(x => x.Index);
            e.Property(x => x.Index).HasColumnName("idx").ValueGeneratedNever();
            e.Property(x => x.LeafHash).HasColumnName("leaf_hash");
            e.Property(x => x.Type).HasColumnName("type").HasMaxLength(LedgerEvent.MaxTypeLength);
            e.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(LedgerEvent.MaxSubjectLength);
            e.HasIndex(x => x.LeafHash).HasDatabaseName("ix_ledger_entries_leaf_hash");
        });
        builder.Entity<LedgerBundle>(e =>
        {
            e.ToTable("ledger_bundles");
            e.HasKey(x => x.Index);
            e.Property(x => x.Index).HasColumnName("idx").ValueGeneratedNever();
            e.Property(x => x.Data).HasColumnName("data");
        });
        builder.Entity<LedgerNode>(e =>
        {
            e.ToTable("ledger_nodes");
            e.HasKey(x => new { x.Level, x.Index });
            e.Property(x => x.Level).HasColumnName("level");
            e.Property(x => x.Index).HasColumnName("idx");
            e.Property(x => x.Hash).HasColumnName("hash");
        });
        builder.Entity<LedgerState>(e =>
        {
            e.ToTable("ledger_state");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Size).HasColumnName("size");
            e.Property(x => x.Frontier).HasColumnName("frontier");
            e.Property(x => x.Root).HasColumnName("root");
        });
        builder.Entity<LedgerCheckpoint>(e =>
        {
            e.ToTable("ledger_checkpoints");
            e.HasKey(x => x.Size);
            e.Property(x => x.Size).HasColumnName("size").ValueGeneratedNever();
            e.Property(x => x.Root).HasColumnName("root");
            e.Property(x => x.Timestamp).HasColumnName("timestamp");
            e.Property(x => x.TreeHeadSignature).HasColumnName("tree_head_signature");
            e.Property(x => x.NoteSignature).HasColumnName("note_signature").HasMaxLength(500);
            e.Property(x => x.KeyId).HasColumnName("key_id");
            e.HasOne<LedgerKey>().WithMany().HasForeignKey(x => x.KeyId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<LedgerCosignature>(e =>
        {
            e.ToTable("ledger_cosignatures");
            e.HasKey(x => new { x.Size, x.Witness });
            e.Property(x => x.Size).HasColumnName("size");
            e.Property(x => x.Witness).HasColumnName("witness").HasMaxLength(200);
            e.Property(x => x.Timestamp).HasColumnName("timestamp");
            e.Property(x => x.Line).HasColumnName("line").HasMaxLength(500);
        });
        builder.Entity<LedgerOutboxEntry>(e =>
        {
            e.ToTable("ledger_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Type).HasColumnName("type").HasMaxLength(LedgerEvent.MaxTypeLength);
            e.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(LedgerEvent.MaxSubjectLength);
            e.Property(x => x.Input).HasColumnName("input");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        builder.Entity<LedgerWitness>(e =>
        {
            e.ToTable("ledger_witnesses");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.PublicKey).HasColumnName("public_key");
            e.Property(x => x.RegisteredAt).HasColumnName("registered_at");
        });
        builder.Entity<LedgerKey>(e =>
        {
            e.ToTable("ledger_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.PublicKey).HasColumnName("public_key");
            e.Property(x => x.EncryptedPrivateKey).HasColumnName("encrypted_private_key");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RetiredAt).HasColumnName("retired_at");
        });
    }

    /// <summary>Stores a value object as JSON text (compared as <see cref="Storage.JsonColumnComparer"/> says).</summary>
    private static void JsonColumn<T>(PropertyBuilder<T> property)
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonDefaults.Options),
            s => JsonSerializer.Deserialize<T>(s, JsonDefaults.Options)!,
            Storage.JsonColumnComparer.For<T>());
    }
}
