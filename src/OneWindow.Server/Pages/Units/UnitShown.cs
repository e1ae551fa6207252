using Microsoft.EntityFrameworkCore;
using OneWindow.Identity;

namespace OneWindow.Server.Pages.Units;

/// <summary>The unit a unit page shows: the one asked for (<c>?unit=</c>) or the staff member's own, if they may view it.</summary>
public static class UnitShown
{
    /// <summary>The unit, or null with the answer: 404 when there is none, 403 when it is outside the actor's authority.</summary>
    public static async Task<(Unit? Unit, int Status)> FindAsync(OneWindowDb db, OneWindow.Identity.Account actor, Guid? asked, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unitId = asked ?? actor.UnitId;
        var unit = unitId is null ? null : await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null)
        {
            return (null, StatusCodes.Status404NotFound);
        }
        return await Authority.CheckAsync(db, actor, unit.Id, AuthorityAction.ViewUnit, ct) is null
            ? (unit, StatusCodes.Status200OK)
            : (null, StatusCodes.Status403Forbidden);
    }
}
