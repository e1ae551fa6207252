using Microsoft.EntityFrameworkCore;

namespace OneWindow.Identity;

/// <summary>
/// How other modules read and add accounts: the accounts table belongs to Identity (the architecture test
/// <c>ModuleTableTests</c> holds that no other module touches it). Reads are untracked.
/// </summary>
public static class AccountQueries
{
    /// <summary>The accounts with the given ids (accounts not found are left out).</summary>
    public static Task<Dictionary<Guid, Account>> ManyAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
    }

    /// <summary>The names accounts are shown by: an organisation's registered name, a person's real name.</summary>
    public static Task<Dictionary<Guid, string>> DisplayNamesAsync(OneWindowDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.OrganisationName ?? a.RealName, ct);
    }

    /// <summary>The registered resident with this identity number, if any.</summary>
    public static Task<Account?> ResidentAsync(OneWindowDb db, string idNumber, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.IdNumber == idNumber && a.Kind == AccountKind.Resident, ct);
    }

    /// <summary>The registered residents among these identity numbers: their account ids by identity number.</summary>
    public static Task<Dictionary<string, Guid>> ResidentIdsAsync(OneWindowDb db, IReadOnlyCollection<string> idNumbers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().Where(a => a.Kind == AccountKind.Resident && idNumbers.Contains(a.IdNumber!))
            .ToDictionaryAsync(a => a.IdNumber!, a => a.Id, StringComparer.Ordinal, ct);
    }

    /// <summary>The member of staff <paramref name="id"/> if they belong to <paramref name="unitId"/>.</summary>
    public static Task<Account?> StaffOfAsync(OneWindowDb db, Guid id, Guid unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UnitId == unitId && a.Kind == AccountKind.Staff, ct);
    }

    /// <summary>The staff of these units whose accounts are not disabled (locked out for good), by unit.</summary>
    public static async Task<ILookup<Guid, Account>> ActiveStaffOfAsync(OneWindowDb db, IReadOnlyCollection<Guid> unitIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        var staff = unitIds.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(a => a.Kind == AccountKind.Staff && a.UnitId != null && unitIds.Contains(a.UnitId.Value)).ToListAsync(ct);
        // Disabling sets the lockout's end to the last moment there is (ManageStaffAccount); SQLite cannot compare it, so it is read here.
        return staff.Where(a => a.LockoutEnd != DateTimeOffset.MaxValue).ToLookup(a => a.UnitId!.Value);
    }

    /// <summary>Adds accounts to <paramref name="db"/>'s unit of work (already normalised and hashed, as <c>UserManager</c> would).</summary>
    public static void Add(OneWindowDb db, IEnumerable<Account> accounts)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Users.AddRange(accounts);
    }
}
