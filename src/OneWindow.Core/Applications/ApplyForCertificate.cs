using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A resident applies for a certificate — or a clerk files it on their behalf (帮办代办), both
/// recorded — and it lands in the queue of the unit the catalog makes competent for where they live.
/// </summary>
public static class ApplyForCertificate
{
    /// <summary>
    /// The grassroots certificates that this path issues with a seal (居住证明, 无犯罪记录证明, 家庭经济状况证明);
    /// every other item is applied for as a case until certificates become a task output of the engine.
    /// </summary>
    public static readonly IReadOnlySet<string> GrassrootsTypes = new HashSet<string>(StringComparer.Ordinal) { "residence", "no-criminal-record", "family-economic-status" };

    /// <summary>Whether <paramref name="item"/> is applied for on this path.</summary>
    public static bool Handles(ServiceItem item) =>
        item is { Output: { Kind: OutputKind.Certificate, CertificateType: { } type } } && GrassrootsTypes.Contains(type);

    /// <summary>
    /// What is filed. A clerk filing for someone (帮办代办) gives the person's identity number and the name
    /// they say is theirs; the platform answers only whether the two match, and never shows a name.
    /// </summary>
    public sealed record Request(string? ItemCode, string? DivisionCode, Dictionary<string, string>? Fields, Channel? Channel, string? ApplicantIdNumber, string? ApplicantName = null);

    public static async Task<Outcome<CertificateApplication>> HandleAsync(Account actor, Request request, OneWindowDb db, CalendarCache calendars, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var item = await db.ServiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == request.ItemCode, ct);
        if (item is null || item.Output.Kind != OutputKind.Certificate)
        {
            errors.Add("itemCode", "must be a catalog item that issues a certificate");
        }
        var division = Division.Normalize(request.DivisionCode) is { } code
            ? await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct)
            : null;
        if (division is null || division.Level != DivisionLevel.Village)
        {
            errors.Add("divisionCode", "must be the 12-digit code of the village or community you live in");
        }
        var channel = request.Channel ?? Channel.Web;
        if (!Enum.IsDefined(channel))
        {
            errors.Add("channel", "must be web, mobile, kiosk or counter");
        }

        // Who applies: the resident themself, or a clerk for a registered resident.
        Account? applicant = null;
        Guid? filedBy = null;
        if (actor.Kind == AccountKind.Resident)
        {
            applicant = actor;
        }
        else if (actor.Has(StaffRoles.Clerk))
        {
            applicant = await ProxyFiling.ApplicantAsync(db, request.ApplicantIdNumber, request.ApplicantName, errors, ct);
            if (item is not null && division is not null && await ProxyFiling.RefuseOutsideDivisionAsync(db, actor, division.Code, item.AcrossRegions, ct) is { } outside)
            {
                return outside;
            }
            filedBy = actor.Id;
            channel = request.Channel ?? Channel.Counter;
        }
        else
        {
            return new Forbidden("Residents apply for themselves; only clerks file on someone's behalf");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item is not null)
        {
            var checkedFields = ApplicationPlanner.Validate(item.Fields, request.Fields, today);
            if (checkedFields.Succeeded)
            {
                fields = checkedFields.Value!;
            }
            else
            {
                errors.AddAll(checkedFields.Failure!, "fields");
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (ApplicantAudience.Refuse(item!.Name, item.Audience, ApplicantKind.Resident) is { } notForResidents)
        {
            return notForResidents;
        }

        if (applicant is null)
        {
            return new Forbidden("Nobody to file for");
        }
        var competentCode = Seals.AncestorAt(division!.Code, item!.Level);
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.DivisionCode == competentCode && u.Department == item.Department, ct);
        if (unit is null)
        {
            return new Missing($"A unit handling {item.Code} for division {competentCode}");
        }
        var calendar = await calendars.GetAsync(db, ct);
        var due = calendar.Due(today, item.TimeLimitDays);
        var now = clock.GetUtcNow();
        var application = new CertificateApplication
        {
            ItemCode = item.Code,
            ApplicantId = applicant!.Id,
            FiledById = filedBy,
            Channel = channel,
            DivisionCode = division.Code,
            UnitId = unit.Id,
            Fields = fields,
            SubmittedAt = now,
            TimeLimitDays = item.TimeLimitDays,
        };
        if (due.Succeeded)
        {
            application.SetDueDate(due.Value); // otherwise pending: computed when the year's calendar is imported
        }
        db.CertificateApplications.Add(application);
        await db.SaveChangesAsync(ct);
        return application;
    }
}
