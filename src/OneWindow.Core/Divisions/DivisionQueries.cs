using Microsoft.EntityFrameworkCore;

namespace OneWindow.Divisions;

/// <summary>A count of descendants at one level.</summary>
public sealed record LevelCount(DivisionLevel Level, int Count);

/// <summary>
/// Queries over divisions and their liaisons, for this module and the others: the tables belong to Divisions,
/// and no other module touches them directly (the architecture test <c>ModuleTableTests</c> holds that).
/// </summary>
public static class DivisionQueries
{
    public const int MaxPageSize = 200;

    /// <summary>How many descendants <paramref name="division"/> has at each level below it.</summary>
    public static async Task<IReadOnlyList<LevelCount>> DescendantCountsAsync(OneWindowDb db, Division division, CancellationToken ct)
    {
        var prefix = Division.Prefix(division.Code, division.Level);
        var counts = await db.Divisions
            .Where(d => d.Code.StartsWith(prefix) && d.Level > division.Level)
            .GroupBy(d => d.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return [.. Enum.GetValues<DivisionLevel>()
            .Where(l => l > division.Level)
            .Select(l => new LevelCount(l, counts.FirstOrDefault(c => c.Level == l)?.Count ?? 0))];
    }

    /// <summary>Resolves a 2/4/6/9/12-digit code to a loaded division.</summary>
    public static Task<Division?> FindAsync(OneWindowDb db, string? code, CancellationToken ct)
    {
        var normalized = Division.Normalize(code);
        return normalized is null ? Task.FromResult<Division?>(null) : db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == normalized, ct);
    }

    /// <summary>The chain from the province down to <paramref name="division"/>.</summary>
    public static async Task<IReadOnlyList<Division>> AncestryAsync(OneWindowDb db, Division division, CancellationToken ct)
    {
        var codes = Enum.GetValues<DivisionLevel>().Where(l => l < division.Level).Select(l => Division.Prefix(division.Code, l).PadRight(12, '0')).ToList();
        var ancestors = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToListAsync(ct);
        return [.. ancestors.OrderBy(a => a.Level), division];
    }
    /// <summary>Each division's place as a person writes it, province first (河北省 石家庄市 正定县 正定镇), in one query.</summary>
    public static async Task<Dictionary<string, string>> PlacesAsync(OneWindowDb db, IReadOnlyCollection<Division> divisions, CancellationToken ct)
    {
        static IEnumerable<string> Above(Division d) =>
            Enum.GetValues<DivisionLevel>().Where(l => l < d.Level).Select(l => Division.Prefix(d.Code, l).PadRight(12, '0'));
        var codes = divisions.SelectMany(Above).Distinct().ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return divisions.DistinctBy(d => d.Code).ToDictionary(d => d.Code, d => string.Join(" ", Above(d).Where(names.ContainsKey).Select(c => names[c])));
    }

    /// <summary>The named person in charge of a division (the liaison roster), if one is named.</summary>
    public static Task<DivisionLiaison?> LiaisonAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DivisionLiaisons.AsNoTracking().FirstOrDefaultAsync(l => l.DivisionCode == code, ct);
    }

    public static Task<bool> AnyAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Divisions.AnyAsync(ct);
    }

    public static Task<bool> ExistsAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Divisions.AnyAsync(d => d.Code == code, ct);
    }

    /// <summary>The divisions at the given levels whose code starts with <paramref name="prefix"/>, in code order.</summary>
    public static Task<List<Division>> UnderAsync(OneWindowDb db, string prefix, IReadOnlyCollection<DivisionLevel> levels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Divisions.AsNoTracking().Where(d => d.Code.StartsWith(prefix) && levels.Contains(d.Level)).OrderBy(d => d.Code).ToListAsync(ct);
    }

    /// <summary>
    /// Names the person in charge of <paramref name="divisionCode"/> (the four-level roster), replacing whoever
    /// was named before, in <paramref name="db"/>'s unit of work; who may do so is the caller's check.
    /// </summary>
    public static async Task<DivisionLiaison> NameLiaisonAsync(OneWindowDb db, string divisionCode, string personName, string title, string phone, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var liaison = await db.DivisionLiaisons.FirstOrDefaultAsync(l => l.DivisionCode == divisionCode, ct);
        if (liaison is null)
        {
            liaison = new DivisionLiaison { DivisionCode = divisionCode, PersonName = "", Title = "", Phone = "" };
            db.DivisionLiaisons.Add(liaison);
        }
        liaison.PersonName = personName;
        liaison.Title = title;
        liaison.Phone = phone;
        liaison.UpdatedAt = at;
        return liaison;
    }
}
