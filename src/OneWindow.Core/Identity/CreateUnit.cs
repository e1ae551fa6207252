using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Formats;

namespace OneWindow.Identity;

/// <summary>A platform admin registers a unit with its unified social credit code.</summary>
public static class CreateUnit
{
    public sealed record Request(string? Name, UnitKind? Kind, DepartmentKind? Department, string? DivisionCode, string? CreditCode);

    public static async Task<Outcome<Unit>> HandleAsync(Account actor, Request request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!actor.Has(StaffRoles.PlatformAdmin))
        {
            return new Forbidden(Texts.T("Only a platform admin may register units"));
        }
        var errors = new FieldErrors();
        var name = TextInput.Clean(request.Name ?? "");
        if (name.Length is 0 or > 200 || name.Any(c => c is '<' or '>'))
        {
            errors.Add("name", Texts.T("must be 1 to 200 characters without '<' or '>'"));
        }
        else if (TextInput.Problem(name) is { } problem)
        {
            errors.Add("name", problem);
        }
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", Texts.T("must be village-committee, township-centre, county-bureau or department-office"));
        }
        if (request.Department is not { } department || !Enum.IsDefined(department))
        {
            errors.Add("department", Texts.T("must be a known department kind"));
        }
        var division = await DivisionQueries.FindAsync(db, request.DivisionCode, ct);
        if (division is null)
        {
            errors.Add("divisionCode", Texts.T("must be the code of a loaded division"));
        }
        var code = UnifiedSocialCreditCode.Parse(request.CreditCode);
        if (!code.IsValid)
        {
            errors.Add("creditCode", Texts.T("not a valid unified social credit code ({0}): {1}", code.Rule!, code.Reason!));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (await db.Units.AnyAsync(u => u.CreditCode == code.Value!.Value, ct))
        {
            return new StateConflict(Texts.T("A unit with this unified social credit code is already registered"));
        }
        var unit = new Unit
        {
            Name = name,
            Kind = request.Kind!.Value,
            Department = request.Department!.Value,
            DivisionCode = division!.Code,
            CreditCode = code.Value!.Value,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        await Authority.FillDefaultSupervisorsAsync(db, ct);
        return await db.Units.AsNoTracking().FirstAsync(u => u.Id == unit.Id, ct);
    }
}
