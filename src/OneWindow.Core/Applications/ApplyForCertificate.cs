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
            errors.Add("channel", "must be web, kiosk or counter");
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
            var id = request.ApplicantIdNumber?.Trim().ToUpperInvariant();
            var name = TextInput.Clean(request.ApplicantName ?? "");
            if (string.IsNullOrEmpty(id))
            {
                errors.Add("applicantIdNumber", "a clerk filing on someone's behalf gives the person's identity number");
            }
            if (name.Length == 0)
            {
                errors.Add("applicantName", "type the person's name as on their identity card; it is checked against the number");
            }
            else if (!string.IsNullOrEmpty(id))
            {
                var candidate = await db.Users.FirstOrDefaultAsync(a => a.IdNumber == id && a.Kind == AccountKind.Resident, ct);
                // One answer for "no such resident" and "another name": a clerk learns only match / no match.
                if (candidate is null || !string.Equals(candidate.RealName, name, StringComparison.Ordinal))
                {
                    errors.Add("applicantName", "does not match a registered resident with this identity number");
                }
                else
                {
                    applicant = candidate;
                }
            }
            if (item is not null && !item.AcrossRegions && division is not null && await ClerkDivisionAsync(db, actor, ct) is { } clerkDivision
                && !division.Code.StartsWith(Division.ScopePrefix(clerkDivision), StringComparison.Ordinal))
            {
                return new Forbidden("A clerk files only for people living in their unit's division, unless the item is handled across regions");
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

    private static async Task<string?> ClerkDivisionAsync(OneWindowDb db, Account clerk, CancellationToken ct) =>
        clerk.UnitId is { } unit ? await db.Units.AsNoTracking().Where(u => u.Id == unit).Select(u => u.DivisionCode).FirstOrDefaultAsync(ct) : null;
}
