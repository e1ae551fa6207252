using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Divisions;
using OneWindow.Ledger;
using OneWindow.Security;

namespace OneWindow.Identity;

/// <summary>
/// Configures a whole division at once, as Shijiazhuang did for its villages: a service centre for
/// every township and a committee for every village, each with its unified social credit code, an
/// admin account (no password until activated by the level above) and an electronic seal — key pair
/// and seal image — submitted for registration, or registered at once with <c>register</c>.
/// Idempotent: divisions that already have their unit are skipped.
/// </summary>
public static class ProvisionUnits
{
    public sealed record Progress(int Done, int Total, TimeSpan Elapsed);

    public sealed record Result(int Units, int Accounts, int Seals, int Skipped, TimeSpan Elapsed);

    private const int BatchSize = 1000;

    public static async Task<Common.Outcome<Result>> HandleAsync(OneWindowDb db, KeyEncryption encryption, string divisionCode, bool register, TimeProvider clock, IProgress<Progress>? progress, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, divisionCode, ct);
        if (division is null)
        {
            return Common.ValidationFailed.Single("divisionCode", $"{divisionCode} is not a loaded division");
        }
        if (division.Level == DivisionLevel.Village)
        {
            return Common.ValidationFailed.Single("divisionCode", "give a township or a larger division");
        }
        var clockTime = Stopwatch.StartNew();
        var prefix = Division.ScopePrefix(division.Code);
        var targets = await db.Divisions.AsNoTracking()
            .Where(d => d.Code.StartsWith(prefix) && (d.Level == DivisionLevel.Township || d.Level == DivisionLevel.Village))
            .OrderBy(d => d.Code).ToListAsync(ct);
        var existing = (await db.Units.AsNoTracking().Where(u => u.DivisionCode.StartsWith(prefix) && (u.Kind == UnitKind.VillageCommittee || u.Kind == UnitKind.TownshipCentre))
            .Select(u => u.DivisionCode).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var todo = targets.Where(d => !existing.Contains(d.Code)).ToList();
        var now = clock.GetUtcNow();
        int units = 0, seals = 0;
        foreach (var batch in todo.Chunk(BatchSize))
        {
            var rows = batch.Select(d => (Division: d, Unit: NewUnit(d, now))).ToArray();
            // Keys and seal images are the expensive part: make them on every core.
            var made = new (Seal Seal, Account Admin)[rows.Length];
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var (d, unit) = rows[i];
                var pair = Ed25519.Generate();
                var admin = new Account
                {
                    UserName = $"admin-{d.Code}",
                    NormalizedUserName = $"ADMIN-{d.Code}",
                    RealName = "单位管理员",
                    Kind = AccountKind.Staff,
                    UnitId = unit.Id,
                    Roles = StaffRoles.UnitAdmin,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                    CreatedAt = now,
                };
                var seal = new Seal
                {
                    UnitId = unit.Id,
                    KeyId = $"seal:{unit.CreditCode}:1",
                    PublicKey = pair.PublicKey,
                    EncryptedPrivateKey = encryption.Wrap(pair.PrivateKey, Seals.KeyPurpose),
                    ImagePng = SealImage.Render(unit.Name),
                    Status = register ? RegistrationStatus.Registered : RegistrationStatus.Submitted,
                    SubmittedBy = admin.Id,
                    SubmittedAt = now,
                    ReviewedAt = register ? now : null,
                    ReviewNote = register ? "registered by bulk provisioning" : null,
                    ValidFrom = now,
                    ValidUntil = now.AddYears(5),
                };
                made[i] = (seal, admin);
            });
            db.Units.AddRange(rows.Select(r => r.Unit));
            db.Users.AddRange(made.Select(m => m.Admin));
            db.Seals.AddRange(made.Select(m => m.Seal));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            units += rows.Length;
            seals += rows.Length;
            progress?.Report(new Progress(units, todo.Count, clockTime.Elapsed));
        }
        await Authority.FillDefaultSupervisorsAsync(db, ct);
        return new Result(units, units, seals, targets.Count - todo.Count, clockTime.Elapsed);
    }

    private static Unit NewUnit(Division d, DateTimeOffset now)
    {
        var village = d.Level == DivisionLevel.Village;
        // Synthetic but well-formed credit codes: authority 5/type 4 for committees, 1/1 for organs;
        // the organisation code derives from the township and village digits, unique within the county.
        var seed = int.Parse(d.Code.AsSpan(6, 6), System.Globalization.CultureInfo.InvariantCulture);
        return new Unit
        {
            Name = village ? d.Name : d.Name + "便民服务中心",
            Kind = village ? UnitKind.VillageCommittee : UnitKind.TownshipCentre,
            Department = village ? DepartmentKind.VillageCommittee : DepartmentKind.TownshipCentre,
            DivisionCode = d.Code,
            CreditCode = UnifiedSocialCreditCode.Synthesize(village ? '5' : '1', village ? '4' : '1', d.Code[..6], seed + (village ? 0 : 1_000_000)),
            CreatedAt = now,
        };
    }
}
