using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneWindow.Storage;

namespace OneWindow.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OneWindowDb>
{
    public OneWindowDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OneWindowDb>();
        StorageSetup.Configure(options, StorageProvider.Sqlite, "Data Source=design-time.db");
        return new OneWindowDb(options.Options);
    }
}
