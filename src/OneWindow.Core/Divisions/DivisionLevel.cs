namespace OneWindow.Divisions;

/// <summary>The five levels of the statistical division codes.</summary>
public enum DivisionLevel
{
    Province = 1, // 省
    City = 2,     // 市
    County = 3,   // 县
    Township = 4, // 乡镇/街道
    Village = 5,  // 村/社区
}
