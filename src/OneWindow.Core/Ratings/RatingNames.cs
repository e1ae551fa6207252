using System.Globalization;
using OneWindow.Common;

namespace OneWindow.Ratings;

/// <summary>What people read for the ratings' values, in their language (the same words as the pages).</summary>
public static class RatingNames
{
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Name(this RatingLevel level) => level switch
    {
        RatingLevel.VerySatisfied => Texts.T("Very satisfied"),
        RatingLevel.Satisfied => Texts.T("Satisfied"),
        RatingLevel.Fair => Texts.T("Fairly satisfied"),
        RatingLevel.Dissatisfied => Texts.T("Dissatisfied"),
        _ => Texts.T("Very dissatisfied"),
    };

    public static string Name(this RatingStage stage) => stage == RatingStage.Acceptance ? Texts.T("At acceptance") : Texts.T("At completion");

    public static string Name(this RatingChannel channel) => channel switch
    {
        RatingChannel.Web => Texts.T("Website"),
        RatingChannel.Phone => Texts.T("Mobile phone"),
        RatingChannel.Kiosk => Texts.T("Self-service kiosk"),
        RatingChannel.Window => Texts.T("Service window"),
        _ => Texts.T("Rating link"),
    };

    public static string Name(this RectificationState state) => state == RectificationState.Open ? Texts.T("Being rectified") : Texts.T("Rectified and closed");

    public static string Of(Indicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return English ? indicator.NameEn : indicator.Name;
    }

    /// <summary>The names of items and bundles by code, in the reader's language.</summary>
    public static async Task<Dictionary<string, string>> MattersAsync(OneWindowDb db, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var items = await Catalog.CatalogQueries.ItemsAsync(db, codes, ct);
        var names = items.ToDictionary(i => i.Key, i => English ? i.Value.NameEn : i.Value.Name, StringComparer.Ordinal);
        foreach (var code in codes.Where(k => !names.ContainsKey(k)))
        {
            if (await Catalog.CatalogQueries.BundleAsync(db, code, ct) is { } bundle)
            {
                names[code] = English ? bundle.NameEn : bundle.Name;
            }
        }
        return names;
    }
}
