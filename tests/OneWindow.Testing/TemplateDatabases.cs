using Microsoft.Data.Sqlite;
using Npgsql;

namespace OneWindow.Testing;

/// <summary>
/// One migrated and seeded database per provider and test process, copied for each fixture: a fixture's own migration
/// and seeding (54,000 divisions, the catalog, demo units, accounts and seals) took some ten seconds of two cores each,
/// most of the suites' time. A copy is a file copy on SQLite and <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL; the
/// copied app still runs its migrations and seeding at start, which find nothing to do.
/// </summary>
public static class TemplateDatabases
{
    /// <summary>The master key of every app made from a template (the demo seals' keys in it are encrypted under it).</summary>
    public static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static readonly Lazy<Task<string>> s_sqlite = new(BuildSqliteAsync);
    private static readonly Lazy<Task<string>> s_postgres = new(BuildPostgresAsync);
    private static readonly SemaphoreSlim s_copying = new(1, 1);

    /// <summary>A new SQLite database file at <paramref name="path"/>, copied from the template.</summary>
    public static async Task CopySqliteAsync(string path)
    {
        File.Copy(await s_sqlite.Value, path);
    }

    /// <summary>A new PostgreSQL database in the run's cluster, copied from the template; returns its connection string.</summary>
    public static async Task<string> CopyPostgresAsync(PostgresCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var template = await s_postgres.Value;
        var name = "ow_" + Guid.NewGuid().ToString("N")[..16];
        // Copies of one template are made one at a time: PostgreSQL refuses a copy while anything else is connected to it.
        await s_copying.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            s_copying.Release();
        }
        return cluster.ConnectionString(name);
    }

    private static async Task<string> BuildSqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("onewindow-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(directory);
        var path = Path.Combine(directory, "template.db");
        await BuildAsync(new TemplateApp("sqlite", $"Data Source={path};Pooling=False") { MasterKey = MasterKey });
        // Back from write-ahead logging to a rollback journal: the log is folded into the file, which is then copied whole
        // while nothing has it open (each copy's server turns logging on again at its start). Reading the template through
        // SQLite's backup API instead met "database is locked" when two fixtures copied at once.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        var mode = command.ExecuteScalar() as string;
        if (mode != "delete" || File.Exists(path + "-wal"))
        {
            throw new InvalidOperationException($"The template database stayed in journal mode {mode}.");
        }
        return path;
    }

    private static async Task<string> BuildPostgresAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connection = await cluster.CreateDatabaseAsync();
        await BuildAsync(new TemplateApp("postgres", connection) { MasterKey = MasterKey });
        return new NpgsqlConnectionStringBuilder(connection).Database!;
    }

    private static async Task BuildAsync(TemplateApp app)
    {
        await app.InitializeAsync();
        // Staged ledger events are sequenced before the copy, so each copy starts with an empty outbox as a fresh app would soon have.
        await app.LedgerDrainedAsync();
        await app.DisposeAsync();
    }

    private static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The app that makes a template: the platform started once on the template's database and stopped.</summary>
    private sealed class TemplateApp(string provider, string connection) : OneWindowApp
    {
        public override string Provider => provider;

        protected override bool FromTemplate => false;

        protected override Task<(string? Connection, string? Skip)> CreateDatabaseAsync() => Task.FromResult<(string?, string?)>((connection, null));
    }
}
