using Microsoft.EntityFrameworkCore;
using OneWindow.Divisions;

namespace OneWindow.Server.Pages;

/// <summary>
/// The village field of a form: the 12-digit code (which works without script), and with script a search by name
/// and a choice level by level, province → city → county → township → village, that fill it in.
/// </summary>
public sealed record DivisionPicker(string? Code, string Label, IReadOnlyList<string> Errors, IReadOnlyList<Division> Provinces)
{
    public static async Task<DivisionPicker> ForAsync(string? code, string label, IReadOnlyList<string>? errors, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var provinces = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Province).OrderBy(d => d.Code).ToListAsync(ct);
        return new DivisionPicker(code, label, errors ?? [], provinces);
    }
}
