using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Divisions;
using OneWindow.Ledger;
using OneWindow.Security;
using OneWindow.Formats;
using OneWindow.Identity;

namespace OneWindow.Provisioning;

/// <summary>
/// Configures a whole division at once, as Shijiazhuang did for its villages: a service centre for
/// every township and a committee for every village — and, so that no application is ever stranded, an
/// office of every department that an item of the catalog routes to, at every division where it would
/// (the county public-security bureau of each county, the police station of each township, and the
/// city's and province's offices above the division) — each with its unified social credit code, an
/// admin account (no password until activated by the level above) and an electronic seal — key pair
/// and seal image — submitted for registration, or registered at once with <c>register</c>.
/// Idempotent: divisions that already have their unit are skipped.
/// </summary>
public static class ProvisionUnits
{
    public sealed record Progress(int Done, int Total, TimeSpan Elapsed);

    public sealed record Result(int Units, int Accounts, int Seals, int Skipped, TimeSpan Elapsed, int DepartmentUnits = 0);

    private const int BatchSize = 1000;

    public static async Task<Common.Outcome<Result>> HandleAsync(OneWindowDb db, KeyEncryption encryption, string divisionCode, bool register, TimeProvider clock, IProgress<Progress>? progress, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, divisionCode, ct);
        if (division is null)
        {
            return Common.ValidationFailed.Single("divisionCode", Common.Texts.T("{0} is not a loaded division", divisionCode));
        }
        if (division.Level == DivisionLevel.Village)
        {
            return Common.ValidationFailed.Single("divisionCode", Common.Texts.T("give a township or a larger division"));
        }
        var clockTime = Stopwatch.StartNew();
        var prefix = Division.ScopePrefix(division.Code);
        var targets = await DivisionQueries.UnderAsync(db, prefix, [DivisionLevel.Township, DivisionLevel.Village], ct);
        var existing = (await UnitQueries.OfKindsUnderAsync(db, [UnitKind.VillageCommittee, UnitKind.TownshipCentre], prefix, ct))
            .Select(u => u.DivisionCode).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var grassroots = targets.Where(d => !existing.Contains(d.Code)).Select(d => (Division: d, Unit: NewUnit(d, now))).ToList();
        var (departments, departmentsSkipped) = await DepartmentUnitsAsync(db, division, now, ct);
        var todo = grassroots.Concat(departments).ToList();
        int units = 0, seals = 0;
        foreach (var batch in todo.Chunk(BatchSize))
        {
            var rows = batch;
            // Keys and seal images are the expensive part: make them on every core.
            var made = new (Seal Seal, Account Admin)[rows.Length];
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var (d, unit) = rows[i];
                var pair = Ed25519.Generate();
                var admin = new Account
                {
                    UserName = AdminName(d, unit),
                    NormalizedUserName = AdminName(d, unit).ToUpperInvariant(),
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
            UnitQueries.Add(db, rows.Select(r => r.Unit));
            AccountQueries.Add(db, made.Select(m => m.Admin));
            CertificateQueries.Add(db, made.Select(m => m.Seal), []);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            units += rows.Length;
            seals += rows.Length;
            progress?.Report(new Progress(units, todo.Count, clockTime.Elapsed));
        }
        await Authority.FillDefaultSupervisorsAsync(db, ct);
        return new Result(units, units, seals, targets.Count - grassroots.Count + departmentsSkipped, clockTime.Elapsed, departments.Count);
    }

    /// <summary><c>admin-&lt;division&gt;</c> for a township or village, <c>admin-&lt;division&gt;-&lt;department&gt;</c> for a department's office.</summary>
    private static string AdminName(Division d, Unit unit) =>
        unit.Kind is UnitKind.VillageCommittee or UnitKind.TownshipCentre ? $"admin-{d.Code}" : $"admin-{d.Code}-{Common.EnumText.Of(unit.Department)}";

    /// <summary>
    /// The department offices the catalog needs for <paramref name="division"/> that do not exist yet: for each
    /// department and level an item names, one office at every division of that level inside the division, or at
    /// the division's own ancestor of that level when the level is above it. Returns them and how many existed.
    /// </summary>
    private static async Task<(List<(Division Division, Unit Unit)> Todo, int Existing)> DepartmentUnitsAsync(OneWindowDb db, Division division, DateTimeOffset now, CancellationToken ct)
    {
        var needed = (await CatalogQueries.HandlingLevelsAsync(db, ct))
            .Where(p => p.Department is not (DepartmentKind.VillageCommittee or DepartmentKind.TownshipCentre) && p.Level != DivisionLevel.Village)
            // Township service centres answer to the county's government-services bureau (行政审批局): it exists wherever they do.
            .Append((Department: DepartmentKind.GovernmentServices, Level: DivisionLevel.County))
            .Distinct().OrderBy(p => p.Level).ThenBy(p => p.Department).ToList();
        var existing = (await UnitQueries.OfKindsUnderAsync(db, [UnitKind.DepartmentOffice, UnitKind.CountyBureau], "", ct))
            .Select(u => (u.Department, u.DivisionCode)).ToHashSet();
        var prefix = Division.ScopePrefix(division.Code);
        var atLevel = new Dictionary<DivisionLevel, List<Division>>();
        var todo = new List<(Division, Unit)>();
        var skipped = 0;
        foreach (var (department, level) in needed)
        {
            if (!atLevel.TryGetValue(level, out var divisions))
            {
                var ancestor = Division.Prefix(division.Code, level).PadRight(12, '0');
                divisions = level >= division.Level
                    ? await DivisionQueries.UnderAsync(db, prefix, [level], ct)
                    : await DivisionQueries.FindAsync(db, ancestor, ct) is { } found ? [found] : [];
                atLevel[level] = divisions;
            }
            foreach (var d in divisions)
            {
                if (existing.Contains((department, d.Code)))
                {
                    skipped++;
                }
                else
                {
                    todo.Add((d, NewDepartmentUnit(d, department, now)));
                }
            }
        }
        return (todo, skipped);
    }

    private static Unit NewDepartmentUnit(Division d, DepartmentKind department, DateTimeOffset now)
    {
        var township = d.Level == DivisionLevel.Township ? int.Parse(d.Code.AsSpan(6, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var enterprise = department is DepartmentKind.Bank or DepartmentKind.Utilities;
        return new Unit
        {
            Name = DepartmentUnitNames.For(department, d.Level, d.Name),
            Kind = department == DepartmentKind.GovernmentServices && d.Level == DivisionLevel.County ? UnitKind.CountyBureau : UnitKind.DepartmentOffice,
            Department = department,
            DivisionCode = d.Code,
            // Above the grassroots units' seeds (below 2,000,000), one per department and township within the county code.
            CreditCode = UnifiedSocialCreditCode.Synthesize(enterprise ? '9' : '1', '1', d.Code[..6], 2_000_000 + ((int)department * 1000) + township),
            CreatedAt = now,
        };
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
