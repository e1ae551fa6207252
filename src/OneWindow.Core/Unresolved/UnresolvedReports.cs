using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Calendar;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Unresolved;

/// <summary>Settings of 办不成事反映 (section <c>Unresolved</c>).</summary>
public sealed class UnresolvedOptions
{
    public const string Section = "Unresolved";

    /// <summary>Working days the owner at each level has to answer.</summary>
    public int WorkingDays { get; set; } = 5;
}

/// <summary>
/// 办不成事反映: anyone reports what they could not get done — signed in, at a window through a clerk, or at a kiosk
/// without an account. It is routed to the person in charge of the level above the unit (or above the place when no unit is
/// named), due in <see cref="UnresolvedOptions.WorkingDays"/> working days, escalated a level each time it is overdue,
/// answered by that level's supervisors or admins (one answer: of two at once one wins), and rated by the person.
/// </summary>
public static class UnresolvedReports
{
    public const int MaxText = TextInput.MaxNote;

    public const int PageSize = 20;

    public sealed record Request(string? Name, string? Phone, string? Tried, string? DivisionCode, Guid? UnitId = null, string? ItemCode = null, Guid? ApplicationId = null, string? Channel = null);

    public sealed record View(Guid Id, string TrackingNumber, Channel Channel, string ReporterName, string Phone, string Tried, string DivisionCode, string Place, string? UnitName,
        string? Matter, Guid? ApplicationId, string OwnerDivision, string OwnerPlace, string? OwnerName, string? OwnerTitle, ReportState State, long SubmittedAt, DateOnly? DueDate, bool Overdue,
        int Escalations, string? Outcome, long? ResolvedAt, int? Rating, int Version, int AgeDays);

    public sealed record Page(IReadOnlyList<View> Items, int Total, int Open, int Overdue, int PageNumber, int PageSize);

    public static async Task<Outcome<UnresolvedReport>> FileAsync(Account? actor, Request request, OneWindowDb db, CalendarCache calendars, TimeProvider clock, UnresolvedOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new FieldErrors();
        var staff = actor?.Kind == AccountKind.Staff;
        if (staff && !actor!.Has(StaffRoles.Clerk))
        {
            return new Forbidden(Texts.T("Staff take reports at a window as clerks"));
        }
        var channel = actor is null ? Channel.Kiosk : staff ? Channel.Counter : Channel.Web;
        if (!staff && actor is not null && request.Channel is { Length: > 0 } named)
        {
            if (!Enum.TryParse(named, ignoreCase: true, out channel) || channel is Channel.Counter || !Enum.IsDefined(channel))
            {
                errors.Add("channel", Texts.T("must be one of: web, mobile, kiosk"));
            }
        }
        // Signed in as themselves, the name is the account's; at a window or a kiosk it is typed.
        var name = actor is not null && !staff ? (actor.IsOrganisation ? actor.OrganisationName ?? actor.RealName : actor.RealName) : TextInput.Clean(request.Name ?? "");
        if (!PersonName.IsValid(name) && (actor is null || staff))
        {
            errors.Add("name", PersonName.Rule);
        }
        var phone = request.Phone?.Trim() ?? "";
        if (!PhoneNumber.IsValid(phone))
        {
            errors.Add("phone", PhoneNumber.Rule);
        }
        var tried = TextInput.Note(request.Tried, "tried");
        if (!tried.Succeeded)
        {
            errors.AddAll(tried.Failure!, "tried");
        }
        var division = Division.IsWellFormedCode(request.DivisionCode) ? await DivisionQueries.FindAsync(db, request.DivisionCode, ct) : null;
        if (division is null)
        {
            errors.Add("divisionCode", Texts.T("must be the 12-digit code of a division, e.g. a village or community"));
        }
        Unit? unit = null;
        if (request.UnitId is { } unitId && (unit = await UnitQueries.FindAsync(db, unitId, ct)) is null)
        {
            errors.Add("unitId", Texts.T("is not a unit of this platform"));
        }
        string? item = null;
        if (request.ItemCode is { Length: > 0 } code)
        {
            item = code.Trim();
            if (!(await Ratings.RatingNames.MattersAsync(db, [item], ct)).ContainsKey(item))
            {
                errors.Add("itemCode", Texts.T("is not a service of the catalog"));
            }
        }
        if (request.ApplicationId is { } applicationId)
        {
            var application = actor is null || staff ? null : await ApplicationQueries.FindAsync(db, applicationId, ct);
            if (application is null || application.ApplicantId != actor!.Id)
            {
                errors.Add("applicationId", Texts.T("is not one of your applications"));
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var owner = await OwnerAboveAsync(db, unit?.DivisionCode ?? division!.Code, ct);
        var liaison = await DivisionQueries.LiaisonAsync(db, owner, ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var calendar = await calendars.GetAsync(db, ct);
        var due = calendar.Due(today, options.WorkingDays);
        for (var attempt = 0; ; attempt++)
        {
            var report = new UnresolvedReport
            {
                TrackingNumber = NewTrackingNumber(), Channel = channel, ReporterId = staff ? null : actor?.Id, FiledById = staff ? actor!.Id : null, ReporterName = name, Phone = phone,
                Tried = tried.Value!, DivisionCode = division!.Code, UnitId = unit?.Id, ItemCode = item, ApplicationId = request.ApplicationId, OwnerDivision = owner,
                OwnerName = liaison?.PersonName, OwnerTitle = liaison?.Title, SubmittedAt = now.ToUnixTimeMilliseconds(), TimeLimitDays = options.WorkingDays,
                DueDate = due.Succeeded ? due.Value : null,
            };
            db.UnresolvedReports.Add(report);
            Record(db, "unresolved.reported", report, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return report;
            }
            catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex) && attempt < 3)
            {
                db.ChangeTracker.Clear(); // a tracking number taken by another report (one chance in 2^60): draw again
            }
        }
    }

    /// <summary>The division above the one given (a province is its own top); its person in charge owns the report.</summary>
    private static async Task<string> OwnerAboveAsync(OneWindowDb db, string code, CancellationToken ct)
    {
        var division = await DivisionQueries.FindAsync(db, code, ct);
        return division?.ParentCode ?? code;
    }

    /// <summary>"BB-" and 12 characters of Crockford base32 (60 random bits): unguessable, easy to read out on the phone.</summary>
    public static string NewTrackingNumber()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        return $"BB-{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }

    private static void Record(OneWindowDb db, string type, UnresolvedReport report, DateTimeOffset now) =>
        LedgerOutbox.Stage(db, LedgerEvent.Create(type, $"unresolved:{report.TrackingNumber}", "platform", now, new
        {
            owner = report.OwnerDivision, state = EnumText.Of(report.State), escalations = report.Escalations, version = report.Version,
            content = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{report.Tried}\n{report.Outcome}\n{report.Rating}"))),
        }));

    /// <summary>The 政务服务 side of each level, which answers for its person in charge: village committees, township centres, government-services bureaux.</summary>
    private static readonly Catalog.DepartmentKind[] Answering = [Catalog.DepartmentKind.VillageCommittee, Catalog.DepartmentKind.TownshipCentre, Catalog.DepartmentKind.GovernmentServices];

    /// <summary>
    /// The division prefix the actor answers for: a supervisor or admin of a 政务服务 unit (village committee, township
    /// centre, government-services bureau) answers for its division and those below; a platform admin for all (""); anyone
    /// else for none (null). A department's own staff do not: the report is about getting things done across departments.
    /// </summary>
    public static async Task<string?> AnsweringScopeAsync(OneWindowDb db, Account actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Has(StaffRoles.PlatformAdmin))
        {
            return "";
        }
        if (actor.UnitId is not { } own || !(actor.Has(StaffRoles.Supervisor) || actor.Has(StaffRoles.UnitAdmin)))
        {
            return null;
        }
        var unit = await UnitQueries.FindAsync(db, own, ct);
        return unit is not null && Answering.Contains(unit.Department) ? Division.ScopePrefix(unit.DivisionCode) : null;
    }

    /// <summary>Whether the actor answers for the owner's level (see <see cref="AnsweringScopeAsync"/>).</summary>
    public static async Task<bool> AnswersForAsync(OneWindowDb db, Account actor, string ownerDivision, CancellationToken ct) =>
        await AnsweringScopeAsync(db, actor, ct) is { } prefix && ownerDivision.StartsWith(prefix, StringComparison.Ordinal);

    public static async Task<Outcome<UnresolvedReport>> ResolveAsync(Account actor, Guid id, string? outcome, int? version, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var report = await db.UnresolvedReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !await AnswersForAsync(db, actor, report.OwnerDivision, ct))
        {
            return new Missing("Report", id);
        }
        if (report.State != ReportState.Open || (version is { } v && v != report.Version))
        {
            return new StateConflict(Texts.T("This report has already been answered"), EnumText.Of(report.State));
        }
        var text = TextInput.Note(outcome, "outcome");
        if (!text.Succeeded)
        {
            return text.Failure!;
        }
        var now = clock.GetUtcNow();
        report.Outcome = text.Value;
        report.State = ReportState.Resolved;
        report.ResolvedAt = now.ToUnixTimeMilliseconds();
        report.ResolvedBy = actor.Id;
        return await SaveAsync(db, report, "unresolved.resolved", now, ct);
    }

    /// <summary>The person rates the outcome: signed in as the reporter, or with the tracking number and the phone's last four digits.</summary>
    public static async Task<Outcome<UnresolvedReport>> RateAsync(UnresolvedReport report, int? level, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (level is not (>= 1 and <= 5))
        {
            return ValidationFailed.Single("rating", Texts.T("choose one of the five levels, from very dissatisfied (1) to very satisfied (5)"));
        }
        if (report.State != ReportState.Resolved)
        {
            return new StateConflict(report.State == ReportState.Open ? Texts.T("This report can be rated once it has been answered") : Texts.T("This report has already been rated"),
                EnumText.Of(report.State));
        }
        var now = clock.GetUtcNow();
        db.Attach(report);
        report.Rating = level;
        report.RatedAt = now.ToUnixTimeMilliseconds();
        report.State = ReportState.Rated;
        return await SaveAsync(db, report, "unresolved.rated", now, ct);
    }

    private static async Task<Outcome<UnresolvedReport>> SaveAsync(OneWindowDb db, UnresolvedReport report, string type, DateTimeOffset now, CancellationToken ct)
    {
        report.Version++;
        Record(db, type, report, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return report;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new StateConflict(Texts.T("This report was changed by someone else at this moment; look at it again"));
        }
    }

    /// <summary>Moves each overdue open report up one level (its person in charge, a new time limit); returns how many.</summary>
    public static async Task<int> EscalateOverdueAsync(OneWindowDb db, CalendarCache calendars, TimeProvider clock, CancellationToken ct, int max = 500)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var overdue = await db.UnresolvedReports.Where(r => r.State == ReportState.Open && r.DueDate != null && r.DueDate < today).OrderBy(r => r.DueDate).Take(max).ToListAsync(ct);
        var calendar = await calendars.GetAsync(db, ct);
        var now = clock.GetUtcNow();
        var moved = 0;
        foreach (var report in overdue)
        {
            var above = await OwnerAboveAsync(db, report.OwnerDivision, ct);
            var due = calendar.Due(today, report.TimeLimitDays);
            var liaison = await DivisionQueries.LiaisonAsync(db, above, ct);
            report.OwnerDivision = above;
            report.OwnerName = liaison?.PersonName;
            report.OwnerTitle = liaison?.Title;
            report.DueDate = due.Succeeded ? due.Value : null;
            report.Escalations++;
            report.EscalatedAt = now.ToUnixTimeMilliseconds();
            if ((await SaveAsync(db, report, "unresolved.escalated", now, ct)).Succeeded)
            {
                moved++;
            }
        }
        db.ChangeTracker.Clear();
        return moved;
    }

    /// <summary>A report by its tracking number, for the person who gives the last four digits of the phone they reported with.</summary>
    public static async Task<Outcome<UnresolvedReport>> TrackAsync(string? trackingNumber, string? phoneEnd, OneWindowDb db, CancellationToken ct)
    {
        var number = trackingNumber?.Trim().ToUpperInvariant() ?? "";
        var found = number.Length is > 0 and <= 20 ? await db.UnresolvedReports.AsNoTracking().FirstOrDefaultAsync(r => r.TrackingNumber == number, ct) : null;
        // One answer for an unknown number and a wrong phone: the number alone reveals nothing.
        if (found is null || phoneEnd is not { Length: 4 } end || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(found.Phone[^4..]), System.Text.Encoding.ASCII.GetBytes(end)))
        {
            return new Missing("Report");
        }
        return found;
    }

    public static async Task<Outcome<UnresolvedReport>> MineAsync(Account person, Guid id, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var found = await db.UnresolvedReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ReporterId == person.Id, ct);
        return found is null ? new Missing("Report", id) : found;
    }

    public static Task<List<UnresolvedReport>> OfReporterAsync(Account person, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        return db.UnresolvedReports.AsNoTracking().Where(r => r.ReporterId == person.Id).OrderByDescending(r => r.SubmittedAt).Take(100).ToListAsync(ct);
    }

    /// <summary>The reports owned within the actor's division scope (answerable by them), open first, oldest due first.</summary>
    public static async Task<Outcome<Page>> ForStaffAsync(Account actor, bool openOnly, int page, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await AnsweringScopeAsync(db, actor, ct) is not { } prefix)
        {
            return new Forbidden(Texts.T("Reports of things people could not get done are answered by the supervisors and admins of the level in charge"));
        }
        var query = db.UnresolvedReports.AsNoTracking();
        if (prefix.Length > 0)
        {
            query = query.Where(r => r.OwnerDivision.StartsWith(prefix));
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var total = await query.CountAsync(ct);
        var open = await query.CountAsync(r => r.State == ReportState.Open, ct);
        var overdue = await query.CountAsync(r => r.State == ReportState.Open && r.DueDate != null && r.DueDate < today, ct);
        if (openOnly)
        {
            query = query.Where(r => r.State == ReportState.Open);
        }
        var rows = await query.OrderBy(r => r.State == ReportState.Open ? 0 : 1).ThenBy(r => r.DueDate).ThenBy(r => r.SubmittedAt).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new Page(await ViewsAsync(rows, db, clock, ct), openOnly ? open : total, open, overdue, page, PageSize);
    }

    public static async Task<Outcome<View>> ForStaffAsync(Account actor, Guid id, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await db.UnresolvedReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (found is null || !await AnswersForAsync(db, actor, found.OwnerDivision, ct))
        {
            return new Missing("Report", id);
        }
        // The owner calls the person back: the one report's view shows whom to call.
        return (await ViewsAsync([found], db, clock, ct, masked: false))[0];
    }

    /// <summary>The views, with names for places, units and items; the person's name and phone masked unless <paramref name="masked"/> is false.</summary>
    public static async Task<List<View>> ViewsAsync(IReadOnlyList<UnresolvedReport> rows, OneWindowDb db, TimeProvider clock, CancellationToken ct, bool masked = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var divisions = new List<Division>();
        foreach (var code in rows.SelectMany(r => new[] { r.DivisionCode, r.OwnerDivision }).Distinct())
        {
            if (await DivisionQueries.FindAsync(db, code, ct) is { } d)
            {
                divisions.Add(d);
            }
        }
        var places = await DivisionQueries.PlacesAsync(db, divisions, ct);
        string Place(string code) => divisions.FirstOrDefault(d => d.Code == code) is { } d ? $"{places.GetValueOrDefault(code)} {d.Name}".Trim() : code;
        var units = await UnitQueries.NamesAsync(db, [.. rows.Where(r => r.UnitId is not null).Select(r => r.UnitId!.Value).Distinct()], ct);
        var matters = await Ratings.RatingNames.MattersAsync(db, [.. rows.Where(r => r.ItemCode is not null).Select(r => r.ItemCode!).Distinct()], ct);
        return [.. rows.Select(r => new View(r.Id, r.TrackingNumber, r.Channel, masked ? PersonName.Mask(r.ReporterName) : r.ReporterName, masked ? ContactDetails.MaskPhone(r.Phone) : r.Phone, r.Tried, r.DivisionCode, Place(r.DivisionCode),
            r.UnitId is { } u ? units.GetValueOrDefault(u) : null, r.ItemCode is { } i ? matters.GetValueOrDefault(i) ?? i : null, r.ApplicationId, r.OwnerDivision, Place(r.OwnerDivision),
            r.OwnerName, r.OwnerTitle, r.State, r.SubmittedAt, r.DueDate, r.State == ReportState.Open && r.DueDate < today, r.Escalations, r.Outcome, r.ResolvedAt, r.Rating, r.Version,
            today.DayNumber - DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(r.SubmittedAt).ToOffset(clock.GetLocalNow().Offset).DateTime).DayNumber))];
    }

    /// <summary>How many reports owned within a subtree wait for an answer, and since when the oldest (Unix ms).</summary>
    public static async Task<(int Open, long? OldestSubmittedAt)> OpenUnderAsync(OneWindowDb db, string divisionPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = db.UnresolvedReports.AsNoTracking().Where(r => r.State == ReportState.Open && r.OwnerDivision.StartsWith(divisionPrefix));
        return (await open.CountAsync(ct), await open.OrderBy(r => r.SubmittedAt).Select(r => (long?)r.SubmittedAt).FirstOrDefaultAsync(ct));
    }
}
