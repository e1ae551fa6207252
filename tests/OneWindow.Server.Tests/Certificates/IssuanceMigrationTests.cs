using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Certificates;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>
/// A database from before exactly-once issuance is migrated without losing anything: each certificate
/// gets the leaf hash of the ledger entry its index pointed at and a verification code, and applications
/// keep their item's time limit (so a missing due date can be computed later).
/// </summary>
public abstract class IssuanceMigrationTests(OneWindowApp app)
{
    [Fact]
    public async Task Certificates_and_applications_from_before_are_carried_over()
    {
        var connection = await FreshDatabaseAsync();
        await using var services = app.CoreServices(connection);
        var entry = Merkle.LeafHash("{\"type\":\"certificate.issued\"}"u8);
        var revocation = Merkle.LeafHash("{\"type\":\"certificate.revoked\"}"u8);
        var certificate = Guid.NewGuid();
        var application = Guid.NewGuid();
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var before = db.Database.GetMigrations().Single(m => m.EndsWith("_LedgerEntryBundles", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO ledger_entries (idx, leaf_hash, type, subject) VALUES ({0L}, {entry}, {"certificate.issued"}, {"id-1"})");
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO ledger_entries (idx, leaf_hash, type, subject) VALUES ({1L}, {revocation}, {"certificate.revoked"}, {"id-1"})");
            await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO service_items (""Code"", ""Name"", ""NameEn"", ""Description"", ""DescriptionEn"", ""Department"", ""Level"", ""TimeLimitDays"", ""Fields"", ""Materials"", ""Output"", ""UpdatedAt"")
                VALUES ({"CERT-TEST"}, {"测试证明"}, {"Test"}, {""}, {""}, {"VillageCommittee"}, {"Village"}, {7}, {"[]"}, {"[]"}, {"{\"kind\":\"certificate\",\"certificateType\":\"residence\"}"}, {now})");
            await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO certificate_applications (""Id"", ""ItemCode"", ""ApplicantId"", ""Channel"", ""DivisionCode"", ""UnitId"", ""Fields"", ""Status"", ""SubmittedAt"", ""UpdatedAt"")
                VALUES ({application}, {"CERT-TEST"}, {Guid.NewGuid()}, {"Web"}, {"130123100201"}, {Guid.NewGuid()}, {"{}"}, {"Approved"}, {now}, {now})");
            await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO certificates (""Id"", ""Identifier"", ""ApplicationId"", ""HolderId"", ""UnitId"", ""ReviewerId"", ""SealKeyId"", ""CertificateType"", ""Purpose"", ""ValidFrom"", ""ValidUntil"", ""Jws"", ""StatusIndex"", ""LedgerIndex"", ""RevokedAt"", ""RevocationReason"", ""RevocationLedgerIndex"")
                VALUES ({certificate}, {"id-1"}, {application}, {Guid.NewGuid()}, {Guid.NewGuid()}, {Guid.NewGuid()}, {"seal:x:1"}, {"residence"}, {"入学"}, {now}, {now.AddDays(90)}, {"a.b.c"}, {0}, {0L}, {now}, {"搬迁"}, {1L})");
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            await db.Database.MigrateAsync();

            var migrated = await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == certificate);
            var filed = await db.CertificateApplications.AsNoTracking().SingleAsync(a => a.Id == application);
            Assert.Equal(entry, migrated.LedgerLeafHash);
            Assert.Equal(revocation, migrated.RevocationLeafHash);
            Assert.Equal(VerificationCode.Length, migrated.VerificationCode.Length);
            Assert.True(VerificationCode.Matches(migrated.VerificationCode, migrated.VerificationCode.ToLowerInvariant()));
            Assert.Equal(7, filed.TimeLimitDays);
            Assert.True((await AuditLedger.RunAsync(db, default)).Consistent);
        }
    }

    private async Task<string> FreshDatabaseAsync()
    {
        if (app.Provider == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("onewindow-migrate-");
            return $"Data Source={Path.Combine(directory.FullName, "old.db")}";
        }
        var cluster = await PostgresCluster.SharedAsync();
        cluster.SkipIfUnavailable();
        return await cluster.CreateDatabaseAsync();
    }
}

public sealed class IssuanceMigrationTestsOnSqlite(SqliteApp app) : IssuanceMigrationTests(app), IClassFixture<SqliteApp>;

public sealed class IssuanceMigrationTestsOnPostgres(PostgresApp app) : IssuanceMigrationTests(app), IClassFixture<PostgresApp>;
