namespace OneWindow.Common;

/// <summary>Reads enum values written the way the API writes them (kebab-case), or by their C# names.</summary>
public static class EnumText
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || char.IsDigit(text[0]) || text[0] == '-')
        {
            return false;
        }
        return Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The kebab-case name, e.g. <c>HumanResourcesSocialSecurity</c> → <c>human-resources-social-security</c>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
