using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneWindow.Storage;

/// <summary>Registers <see cref="OneWindowDb"/> on the configured provider, with that provider's migrations.</summary>
public static class StorageSetup
{
    public const string SqliteMigrationsAssembly = "OneWindow.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "OneWindow.Migrations.Postgres";

    public static IServiceCollection AddOneWindowStorage(this IServiceCollection services)
    {
        // Resolved when the first context is made, so hosts and tests may still change configuration. Contexts are
        // pooled: options are built once, and a request reuses a reset context instead of building a new one.
        services.AddDbContextPool<OneWindowDb>((sp, options) =>
        {
            var (provider, connection) = Resolve(sp.GetRequiredService<IConfiguration>());
            Configure(options, provider, connection);
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddSingleton<TableWatch>();
        services.AddSingleton<TableWrites>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<TableWrites>());
        return services;
    }

    /// <summary>Reads provider and connection string; throws a clear error for an unknown provider.</summary>
    public static (StorageProvider Provider, string Connection) Resolve(IConfiguration configuration)
    {
        var name = configuration[$"{StorageOptions.Section}:Provider"] ?? "sqlite";
        if (!Enum.TryParse<StorageProvider>(name, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{name}'.");
        }
        var connection = configuration.GetConnectionString("OneWindow");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = provider == StorageProvider.Sqlite
                ? StorageOptions.DefaultSqliteConnection
                : throw new InvalidOperationException("Storage:Provider is postgres but ConnectionStrings:OneWindow is not set.");
        }
        return (provider, connection);
    }

    public static void Configure(DbContextOptionsBuilder options, StorageProvider provider, string connection)
    {
        switch (provider)
        {
            case StorageProvider.Sqlite:
                EnsureSqliteDirectory(connection);
                options.UseSqlite(connection, o => o.MigrationsAssembly(SqliteMigrationsAssembly)).AddInterceptors(SqlitePragmas.Instance);
                break;
            case StorageProvider.Postgres:
                options.UseNpgsql(WithPostgresDefaults(connection), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider {provider}.");
        }
    }

    /// <summary>
    /// Pool settings the platform's PostgreSQL use is measured with, unless the connection string sets
    /// them: a returned connection is not reset (nothing here keeps session state — advisory locks are
    /// transaction-scoped), so statements used often stay prepared on the server across requests.
    /// </summary>
    public static string WithPostgresDefaults(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var given = new HashSet<string>(connection.Split(';').Select(p => p.Split('=')[0].Trim().Replace(" ", "", StringComparison.Ordinal)), StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!given.Contains("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }

    /// <summary>The directory of a SQLite database file, or null for other providers and in-memory databases.</summary>
    public static string? SqliteDirectory(StorageProvider provider, string connection)
    {
        if (provider != StorageProvider.Sqlite)
        {
            return null;
        }
        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(file));
    }

    private static void EnsureSqliteDirectory(string connection)
    {
        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && directory is not null)
        {
            Directory.CreateDirectory(directory);
            var path = Path.GetFullPath(file);
            if (!OperatingSystem.IsWindows() && !File.Exists(path))
            {
                // An empty file is an empty database; created owner-only, SQLite gives its -wal and -shm files the same mode.
                try
                {
                    using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process created it first.
                }
            }
        }
    }
}
