namespace OneWindow.Server.Infrastructure;

/// <summary>
/// 长辈版: the mode for older people the national 适老化 rules describe — large type (18 pt body), high contrast,
/// fewer choices per page and the most used services first. Chosen with a switch on every page and remembered in
/// a cookie, so a kiosk can start in it (<c>/Elder?on=true</c>).
/// </summary>
public static class ElderMode
{
    public const string CookieName = "onewindow.elder";

    public static bool IsOn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Cookies.TryGetValue(CookieName, out var value) && value == "1";
    }
}
