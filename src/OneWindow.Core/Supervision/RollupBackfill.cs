namespace OneWindow.Supervision;

/// <summary>
/// The SQL (the same on both providers) with which a migration fills a new pre-aggregate from the rows already counted:
/// the all-items rows of the supervision rollups, and the division rollup of the ratings.
/// </summary>
public static class RollupBackfill
{
    private static readonly string[] RatingColumns = ["VerySatisfied", "Satisfied", "Fair", "Dissatisfied", "VeryDissatisfied"];

    private static string Quoted(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

    private static string Sums(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"SUM(\"{c}\")"));

    /// <summary>Each (day or month, level, division)'s row of all items, summed from its items' rows.</summary>
    public static IEnumerable<string> AllItems()
    {
        foreach (var table in new[] { "case_counts", "month_counts" })
        {
            yield return $"INSERT INTO {table} (\"Day\", \"Level\", \"Division\", \"ItemCode\", {Quoted(SupervisionFolder.Columns)}) " +
                $"SELECT \"Day\", \"Level\", \"Division\", '{CaseRollup.AllItems}', {Sums(SupervisionFolder.Columns)} FROM {table} " +
                $"WHERE \"ItemCode\" <> '{CaseRollup.AllItems}' GROUP BY \"Day\", \"Level\", \"Division\"";
        }
        foreach (var table in new[] { "case_durations", "month_durations" })
        {
            yield return $"INSERT INTO {table} (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", \"Count\") " +
                $"SELECT \"Day\", \"Level\", \"Division\", '{CaseRollup.AllItems}', \"WorkingDays\", SUM(\"Count\") FROM {table} " +
                $"WHERE \"ItemCode\" <> '{CaseRollup.AllItems}' GROUP BY \"Day\", \"Level\", \"Division\", \"WorkingDays\"";
        }
    }

    /// <summary>
    /// The ratings of each division's subtree by day and by month: a unit's counts go to its division's prefix at each
    /// level down to its own (a county's unit has no township).
    /// </summary>
    public static IEnumerable<string> RatingDivisions()
    {
        (int Level, int Length, int Above)[] levels = [(1, 2, 0), (2, 4, 2), (3, 6, 4), (4, 9, 6), (5, 12, 9)];
        foreach (var (from, to) in new[] { ("rating_counts", "rating_division_counts"), ("rating_month_counts", "rating_division_month_counts") })
        {
            foreach (var (level, length, above) in levels)
            {
                var division = $"substr(\"DivisionCode\", 1, {length}) || '{new string('0', 12 - length)}'";
                var set = above == 0 ? "" : $"WHERE substr(\"DivisionCode\", {above + 1}, {length - above}) <> '{new string('0', length - above)}' ";
                yield return $"INSERT INTO {to} (\"Level\", \"Division\", \"Day\", {Quoted(RatingColumns)}) " +
                    $"SELECT {level}, {division}, \"Day\", {Sums(RatingColumns)} FROM {from} {set}GROUP BY {division}, \"Day\"";
            }
        }
    }
}
