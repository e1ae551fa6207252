using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Ratings;

/// <summary>
/// The indicator sets ratings are given under: shipped as data (<c>Ratings/Data/indicators.json</c>), added to the table
/// when an id is new (a stored set never changes — ratings name the version they were given under), and the one in force
/// for a scope is the highest version effective on the day.
/// </summary>
public static class IndicatorSets
{
    public const string Overall = "overall";

    private sealed record Shipped(string Source, List<ShippedSet> Sets);

    private sealed record ShippedSet(string Id, string Scope, int Version, DateOnly EffectiveFrom, List<Indicator> Indicators);

    public static IReadOnlyList<IndicatorSet> ShippedSets()
    {
        using var stream = typeof(IndicatorSets).Assembly.GetManifestResourceStream("OneWindow.Ratings.indicators.json")
            ?? throw new InvalidOperationException("The indicator sets resource is missing from the build.");
        var shipped = JsonSerializer.Deserialize<Shipped>(stream, JsonDefaults.Options) ?? throw new InvalidDataException("The indicator sets resource is empty.");
        return [.. shipped.Sets.Select(s => new IndicatorSet
        {
            Id = s.Id, Scope = Enum.Parse<IndicatorScope>(s.Scope, ignoreCase: true), Version = s.Version, EffectiveFrom = s.EffectiveFrom, Indicators = s.Indicators,
        })];
    }

    /// <summary>Adds the shipped sets the table does not have yet; returns how many.</summary>
    public static async Task<int> SeedAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.IndicatorSets.AsNoTracking().Select(s => s.Id).ToListAsync(ct);
        var added = ShippedSets().Where(s => !stored.Contains(s.Id)).ToList();
        if (added.Count == 0)
        {
            return 0;
        }
        db.IndicatorSets.AddRange(added);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear(); // another process seeded them at this moment
            return 0;
        }
        return added.Count;
    }

    /// <summary>The set in force for <paramref name="scope"/> on <paramref name="day"/>.</summary>
    public static async Task<IndicatorSet?> InForceAsync(OneWindowDb db, IndicatorScope scope, DateOnly day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sets = await db.IndicatorSets.AsNoTracking().Where(s => s.Scope == scope).ToListAsync(ct);
        return sets.Where(s => s.EffectiveFrom <= day).OrderByDescending(s => s.Version).FirstOrDefault();
    }

    public static Task<List<IndicatorSet>> AllAsync(OneWindowDb db, CancellationToken ct) =>
        db.IndicatorSets.AsNoTracking().OrderBy(s => s.Scope).ThenBy(s => s.Version).ToListAsync(ct);

    public static IndicatorScope ScopeOf(RatingChannel channel) => channel is RatingChannel.Window or RatingChannel.Kiosk ? IndicatorScope.Window : IndicatorScope.Online;
}
