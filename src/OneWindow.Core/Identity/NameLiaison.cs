using OneWindow.Common;
using OneWindow.Divisions;

namespace OneWindow.Identity;

/// <summary>Names the person in charge of a city, county, township or village (the four-level roster).</summary>
public static class NameLiaison
{
    public sealed record Request(string? PersonName, string? Title, string? Phone);

    public static async Task<Outcome<DivisionLiaison>> HandleAsync(Account actor, Division division, Request request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var unit = actor.UnitId is { } id ? await UnitQueries.FindAsync(db, id, ct) : null;
        if (StaffScope.CheckDivision(actor, unit, division.Code) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        if (division.Level == DivisionLevel.Province)
        {
            errors.Add("divisionCode", Texts.T("the roster has four levels: city, county, township and village"));
        }
        if (!PersonName.IsValid(request.PersonName?.Trim()))
        {
            errors.Add("personName", PersonName.Rule);
        }
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > 100 || title.Any(c => c is '<' or '>'))
        {
            errors.Add("title", Texts.T("must be 1 to 100 characters without '<' or '>'"));
        }
        var phone = request.Phone?.Trim() ?? "";
        if (!PhoneNumber.IsValid(phone))
        {
            errors.Add("phone", PhoneNumber.Rule);
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var liaison = await DivisionQueries.NameLiaisonAsync(db, division.Code, request.PersonName!.Trim(), title, phone, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return liaison;
    }
}
