using Microsoft.EntityFrameworkCore;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.DataSharing;

/// <summary>The names of the shared data items in the page's language, by code: what pages show where the engine keeps a code.</summary>
public static class SharedItemNames
{
    public static Task<Dictionary<string, string>> LoadAsync(OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var english = Ui.English;
        return db.SharedDataItems.AsNoTracking().ToDictionaryAsync(i => i.Code, i => english ? i.NameEn : i.Name, StringComparer.Ordinal, ct);
    }
}
