using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneWindow.Storage;

namespace OneWindow.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL (no server needed).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OneWindowDb>
{
    public OneWindowDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OneWindowDb>();
        StorageSetup.Configure(options, StorageProvider.Postgres, "Host=127.0.0.1;Database=design_time");
        return new OneWindowDb(options.Options);
    }
}
