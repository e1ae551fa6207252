using System.Text.RegularExpressions;
using SkiaSharp;

namespace OneWindow.Certificates;

/// <summary>
/// Breaks a paragraph into lines that fit a width, by the rules of Chinese typesetting (the 避头尾 rules of
/// GB/T 15834 and the W3C's Requirements for Chinese Text Layout): closing punctuation — ，。、；：！？ and the
/// closing brackets and quotes — never starts a line, an opening bracket or quote never ends one, and a run of
/// Latin letters and digits (an identity number, a certificate number) is not split unless it is longer than a line.
/// A character that would start a line wrongly brings the one before it down with it.
/// </summary>
public static partial class ChineseLines
{
    private const string NoStart = "，。、；：！？）］｝」』》〉】〕”’…—·～%‰,.;:!?)]}";
    private const string NoEnd = "（［｛「『《〈【〔“‘([{";

    public static bool MayStartLine(char c) => !NoStart.Contains(c, StringComparison.Ordinal);

    public static bool MayEndLine(char c) => !NoEnd.Contains(c, StringComparison.Ordinal);

    /// <summary>The lines of <paramref name="text"/> at most <paramref name="width"/> points wide, the first indented.</summary>
    public static IEnumerable<string> Break(string text, float width, float firstIndent, SKFont font)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        var lines = new List<string>();
        var current = new List<string>();
        var used = firstIndent;
        foreach (var unit in Units(text, width, font))
        {
            var w = font.MeasureText(unit);
            if (current.Count > 0 && used + w > width)
            {
                var carry = new List<string>();
                while (current.Count > 1 && !MayStartLine((carry.Count > 0 ? carry[0] : unit)[0]))
                {
                    carry.Insert(0, current[^1]);
                    current.RemoveAt(current.Count - 1);
                }
                while (current.Count > 1 && !MayEndLine(current[^1][^1]))
                {
                    carry.Insert(0, current[^1]);
                    current.RemoveAt(current.Count - 1);
                }
                lines.Add(string.Concat(current));
                current = carry;
                used = carry.Sum(u => font.MeasureText(u));
            }
            current.Add(unit);
            used += w;
        }
        if (current.Count > 0)
        {
            lines.Add(string.Concat(current));
        }
        return lines;
    }

    /// <summary>What may not be split: a Latin or digit run (cut only if wider than a line), a character, a surrogate pair.</summary>
    private static IEnumerable<string> Units(string text, float width, SKFont font)
    {
        foreach (Match match in Unit().Matches(text))
        {
            if (match.Length > 1 && font.MeasureText(match.Value) > width)
            {
                foreach (Match piece in Character().Matches(match.Value))
                {
                    yield return piece.Value;
                }
            }
            else
            {
                yield return match.Value;
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9]+(?:[.\-_/@:][A-Za-z0-9]+)*|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]")]
    private static partial Regex Unit();

    [GeneratedRegex(@"[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]")]
    private static partial Regex Character();
}
