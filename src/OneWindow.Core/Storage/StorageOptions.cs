namespace OneWindow.Storage;

/// <summary>Which database the platform stores its data in.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Configuration section <c>Storage</c>; the connection string is <c>ConnectionStrings:OneWindow</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file used when no connection string is configured.</summary>
    public const string DefaultSqliteConnection = "Data Source=data/onewindow.db";
}
