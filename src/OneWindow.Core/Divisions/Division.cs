namespace OneWindow.Divisions;

/// <summary>An administrative division (行政区划) identified by its 12-digit statistical code.</summary>
public sealed class Division
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required DivisionLevel Level { get; init; }

    public string? ParentCode { get; init; }

    /// <summary>The code prefix that every descendant shares: 2, 4, 6, 9 or 12 digits by level.</summary>
    public static string Prefix(string code, DivisionLevel level) => code[..PrefixLength(level)];

    public static int PrefixLength(DivisionLevel level) => level switch
    {
        DivisionLevel.Province => 2,
        DivisionLevel.City => 4,
        DivisionLevel.County => 6,
        DivisionLevel.Township => 9,
        DivisionLevel.Village => 12,
    };

    /// <summary>
    /// The prefix shared by a 12-digit code and all its descendants, read off the code itself: statistical
    /// codes end in zeros exactly where the level below is not set.
    /// </summary>
    public static string ScopePrefix(string code) =>
        code.EndsWith("0000000000", StringComparison.Ordinal) ? code[..2]
        : code.EndsWith("00000000", StringComparison.Ordinal) ? code[..4]
        : code.EndsWith("000000", StringComparison.Ordinal) ? code[..6]
        : code.EndsWith("000", StringComparison.Ordinal) ? code[..9]
        : code;

    /// <summary>True when <paramref name="code"/> is a 12-digit statistical code.</summary>
    public static bool IsWellFormedCode(string? code) => code is { Length: 12 } && code.All(char.IsAsciiDigit);

    /// <summary>Expands a short code (2/4/6/9 digits) to 12 digits; 12-digit codes are returned unchanged.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length is not (2 or 4 or 6 or 9 or 12) || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        return code.PadRight(12, '0');
    }
}
