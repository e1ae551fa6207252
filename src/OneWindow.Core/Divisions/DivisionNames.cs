using OneWindow.Common;

namespace OneWindow.Divisions;

/// <summary>What people call these values, in the current UI culture: a message names them, never shows their API code.</summary>
/// <remarks>The Chinese names are the ones the server's pages show.</remarks>
public static class DivisionNames
{
    /// <summary>The level of a division, e.g. 乡镇（街道）级.</summary>
    public static string Name(this DivisionLevel level) => level switch
    {
        DivisionLevel.Province => Texts.T("Province"),
        DivisionLevel.City => Texts.T("City"),
        DivisionLevel.County => Texts.T("County"),
        DivisionLevel.Township => Texts.T("Township"),
        DivisionLevel.Village => Texts.T("Village"),
    };
}
