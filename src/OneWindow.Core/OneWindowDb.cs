using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow;

/// <summary>The one EF Core model; each module owns its tables.</summary>
public sealed class OneWindowDb(DbContextOptions<OneWindowDb> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Division> Divisions => Set<Division>();

    public DbSet<DivisionLiaison> DivisionLiaisons => Set<DivisionLiaison>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();

    public DbSet<Bundle> Bundles => Set<Bundle>();

    public DbSet<Unit> Units => Set<Unit>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Account>(e =>
        {
            e.Property(a => a.RealName).HasMaxLength(100);
            e.Property(a => a.IdNumber).HasMaxLength(18);
            e.HasIndex(a => a.IdNumber).IsUnique();
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
        });
    }

    /// <summary>Stores a value object as JSON text, compared by its serialized form.</summary>
    private static void JsonColumn<T>(PropertyBuilder<T> property)
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Json.Options),
            s => JsonSerializer.Deserialize<T>(s, Json.Options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Json.Options) == JsonSerializer.Serialize(b, Json.Options),
                v => JsonSerializer.Serialize(v, Json.Options).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json.Options), Json.Options)!));
    }
}
