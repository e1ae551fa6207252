using Microsoft.EntityFrameworkCore;

namespace OneWindow.Divisions;

/// <summary>A count of descendants at one level.</summary>
public sealed record LevelCount(DivisionLevel Level, int Count);

/// <summary>Read-side queries over divisions.</summary>
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
}
