namespace OneWindow.Server.Infrastructure;

/// <summary>Settings of the kiosk profile (section <c>Kiosk</c>).</summary>
public sealed class KioskOptions
{
    public const string Section = "Kiosk";

    /// <summary>Seconds without a touch or a key after which a kiosk signs out and clears the page.</summary>
    public int IdleSeconds { get; set; } = 120;
}

/// <summary>
/// 自助终端: the kiosk profile of the web UI — large touch targets, nothing that needs hovering, inputs that suit an
/// on-screen keyboard, an idle timeout that signs out and clears the page, printing of receipts and certificates, and
/// certificate verification by the camera. A terminal is put in it once (<c>/Kiosk?on=true</c>) and remembers it in a cookie.
/// </summary>
public static class KioskMode
{
    public const string CookieName = "onewindow.kiosk";

    public static bool IsOn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Cookies.TryGetValue(CookieName, out var value) && value == "1";
    }
}
