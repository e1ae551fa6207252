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
            // Up to just before certificate applications became cases (that step is tested below, with real people and units).
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_CertificateTask", StringComparison.Ordinal)));

            var migrated = await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == certificate);
            var timeLimit = await db.Database.SqlQuery<int?>($@"SELECT ""TimeLimitDays"" AS ""Value"" FROM certificate_applications WHERE ""Id"" = {application}").SingleAsync();
            Assert.Equal(entry, migrated.LedgerLeafHash);
            Assert.Equal(revocation, migrated.RevocationLeafHash);
            Assert.Equal(VerificationCode.Length, migrated.VerificationCode.Length);
            Assert.True(VerificationCode.Matches(migrated.VerificationCode, migrated.VerificationCode.ToLowerInvariant()));
            Assert.Equal(7, timeLimit);
            Assert.True((await AuditLedger.RunAsync(db, default)).Consistent);
        }
    }

    [Fact]
    public async Task Certificate_applications_become_cases_of_one_task_with_the_same_ids_state_and_history()
    {
        var connection = await FreshDatabaseAsync();
        await using var services = app.CoreServices(connection);
        var submitted = Guid.CreateVersion7();
        var supplement = Guid.CreateVersion7();
        var approved = Guid.CreateVersion7();
        var refused = Guid.CreateVersion7();
        var certificate = Guid.CreateVersion7();
        var filedAt = new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero); // 1 December in Shanghai
        var decidedAt = filedAt.AddDays(1);
        Guid resident, reviewer, unit;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var before = db.Database.GetMigrations().Single(m => m.EndsWith("_CertificateTask", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(before);
            // Everything but the certificate applications is as today: the seeder writes the demo units and people.
            await scope.ServiceProvider.GetRequiredService<OneWindow.Seeding.Seeder>().SeedAsync(new OneWindow.Seeding.SeedOptions { SharedData = false, RatingIndicators = false }, TestContext.Current.CancellationToken); // their tables come in later migrations
            resident = await db.Users.Where(u => u.IdNumber == OneWindow.Seeding.DemoData.ResidentIdNumber).Select(u => u.Id).SingleAsync();
            reviewer = await db.Users.Where(u => u.UserName == "village-reviewer").Select(u => u.Id).SingleAsync();
            unit = await db.Users.Where(u => u.UserName == "village-reviewer").Select(u => u.UnitId!.Value).SingleAsync();
            const string fields = "{\"purpose\":\"孩子入学\",\"relation\":\"self\",\"address\":\"西关村\"}";
            foreach (var (id, status, reason) in new[] { (submitted, "Submitted", (string?)null), (supplement, "SupplementRequested", "地址不全"), (approved, "Approved", null), (refused, "Refused", "不符合条件") })
            {
                await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO certificate_applications (""Id"", ""ItemCode"", ""ApplicantId"", ""FiledById"", ""Channel"", ""DivisionCode"", ""UnitId"", ""Fields"", ""Status"", ""Reason"", ""SubmittedAt"", ""UpdatedAt"", ""TimeLimitDays"", ""DueDate"", ""ReviewerId"", ""CertificateId"", ""Version"")
                    VALUES ({id}, {"CERT-RESIDENCE"}, {resident}, {(Guid?)null}, {"Counter"}, {OneWindow.Seeding.DemoData.VillageCode}, {unit}, {fields}, {status}, {reason}, {filedAt}, {decidedAt}, {3}, {new DateOnly(2026, 12, 4)},
                            {(status == "Submitted" ? null : reviewer)}, {(status == "Approved" ? certificate : null)}, {2})");
            }
            await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO certificates (""Id"", ""Identifier"", ""TaskId"", ""HolderId"", ""UnitId"", ""ReviewerId"", ""SealKeyId"", ""CertificateType"", ""Purpose"", ""ValidFrom"", ""ValidUntil"", ""Jws"", ""VerificationCode"", ""StatusIndex"", ""LedgerLeafHash"", ""Version"")
                VALUES ({certificate}, {"id-legacy-1"}, {approved}, {resident}, {unit}, {reviewer}, {"seal:x:1"}, {"residence"}, {"孩子入学"}, {decidedAt}, {decidedAt.AddDays(90)}, {"a.b.c"}, {"ABCD2345"}, {0}, {new byte[32]}, {0})");
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            await db.Database.MigrateAsync();

            var cases = await db.Applications.AsNoTracking().Where(a => new[] { submitted, supplement, approved, refused }.Contains(a.Id)).ToDictionaryAsync(a => a.Id);
            var views = (await OneWindow.Applications.CertificateApplication.OfAsync(db, [.. cases.Values], default)).ToDictionary(v => v.Id);

            Assert.Equal(4, cases.Count);
            Assert.All(cases.Values, c => Assert.Equal(c.Id, Assert.Single(c.Tasks).Id)); // one task each, with the case's id
            Assert.Equal(OneWindow.Applications.ApplicationState.InProgress, cases[submitted].State);
            Assert.Equal(OneWindow.Applications.TaskState.Queued, cases[submitted].Tasks[0].State);
            Assert.Equal(new DateOnly(2026, 12, 1), cases[submitted].Tasks[0].StartedOn);
            Assert.Equal(OneWindow.Applications.Channel.Counter, cases[submitted].Channel);
            Assert.Equal("孩子入学", cases[submitted].Tasks[0].Fields["purpose"]);
            Assert.Equal(new DateOnly(2026, 12, 4), cases[submitted].Tasks[0].DueDate);
            Assert.Equal(["submitted"], cases[submitted].History.Select(e => e.Kind));
            Assert.Equal(filedAt, cases[submitted].History[0].At);
            Assert.Equal(resident, cases[submitted].History[0].ActorId);

            Assert.Equal(OneWindow.Applications.TaskState.SupplementRequested, cases[supplement].Tasks[0].State);
            Assert.Equal(["address", "purpose", "relation"], cases[supplement].Tasks[0].SupplementFields.Order(StringComparer.Ordinal));
            Assert.Equal("地址不全", cases[supplement].Tasks[0].Reason);
            Assert.Equal(new DateOnly(2026, 12, 2), cases[supplement].Tasks[0].PausedSince);

            Assert.Equal(OneWindow.Applications.ApplicationState.Completed, cases[approved].State);
            Assert.Equal("id-legacy-1", cases[approved].Tasks[0].Result[OneWindow.Applications.DecideTask.CertificateResult]);
            Assert.Equal(reviewer, cases[approved].Tasks[0].HandlerId);
            Assert.Equal(["submitted", "approved", "completed"], cases[approved].History.Select(e => e.Kind));
            Assert.Equal(certificate, views[approved].CertificateId);

            Assert.Equal(OneWindow.Applications.ApplicationState.Refused, cases[refused].State);
            Assert.Equal("不符合条件", cases[refused].Tasks[0].Reason);
            Assert.Equal(["submitted", "refused", "refused"], cases[refused].History.Select(e => e.Kind));
            Assert.Equal(OneWindow.Applications.ApplicationStatus.Refused, views[refused].Status);
            Assert.Equal(OneWindow.Applications.ApplicationStatus.SupplementRequested, views[supplement].Status);
            Assert.Equal(OneWindow.Applications.ApplicationStatus.Submitted, views[submitted].Status);
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
