using OneWindow.Common;
using OneWindow.Ratings;

namespace OneWindow.Server.Ratings;

/// <summary>What the rating form partial draws: where it posts, the stage, whether it changes an earlier rating, the indicators.</summary>
public sealed record RatingForm(string Action, string Stage, bool Revise, IndicatorSet Indicators, int? Level = null)
{
    /// <summary>The posted rating: level, the indicators' levels (<c>scores.&lt;code&gt;</c>), the comment.</summary>
    public static RateApplication.Request Read(IFormCollection form, string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("scores.", StringComparison.Ordinal)))
        {
            scores[key["scores.".Length..]] = int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var level) ? level : 0;
        }
        int? overall = int.TryParse(form["level"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
        return new RateApplication.Request(form["stage"].ToString(), overall, scores, form["comment"].ToString() is { Length: > 0 } comment ? comment : null, channel);
    }

    /// <summary>Names the form's fields for error summaries.</summary>
    public static IReadOnlyDictionary<string, string> Labels(IndicatorSet? indicators)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["level"] = Texts.T("Overall satisfaction"), ["comment"] = Texts.T("Comment"), ["stage"] = Texts.T("Stage"),
        };
        foreach (var indicator in indicators?.Indicators ?? [])
        {
            labels[$"scores.{indicator.Code}"] = RatingNames.Of(indicator);
        }
        return labels;
    }
}
