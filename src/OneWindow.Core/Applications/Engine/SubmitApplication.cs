using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A resident submits one form for a bundle ("one thing, one time") or a single item: the form is checked
/// field by field, planned into a task per item, each task routed to its competent unit, the first tasks
/// queued with due dates in working days — or, if any task would have no handler, nothing is saved and
/// every missing unit is named. Submitting again with the same idempotency key returns the first case.
/// </summary>
public static class SubmitApplication
{
    public const int MaxIdempotencyKeyLength = 100;

    public const int MaxAddressLength = 200;

    /// <summary>How physical results (documents, cards) should reach the applicant: collected (the default) or mailed, to the address given or the form's delivery or home address.</summary>
    public sealed record DeliveryRequest(DeliveryMethod? Method, string? Address);

    /// <summary>What is submitted; a clerk filing for someone (proxy filing) adds the person's identity number and the name they give.</summary>
    /// <remarks><see cref="ConsentId"/> names the applicant's consent from <see cref="PrefillForm"/>: answers it filled are marked with their source, and materials its reads stand for are given by them.</remarks>
    public sealed record Request(string? BundleCode, string? ItemCode, string? DivisionCode, Dictionary<string, string>? Fields, Channel? Channel,
        string? ApplicantIdNumber = null, string? ApplicantName = null, DeliveryRequest? Delivery = null, Guid? ConsentId = null)
    {
        /// <summary>Set by the host when the case arrives from another region's platform (跨省通办), never by an applicant.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public ForwardedOrigin? Forwarded { get; init; }
    }

    /// <summary>What a submission would be, checked but neither routed nor saved: for a matter another region's platform handles.</summary>
    public sealed record Checked(string? BundleCode, string? ItemCode, string Name, string NameEn, string DivisionCode, Dictionary<string, string> Form, int TimeLimitDays);

    /// <summary>The case, and whether it was made by an earlier submission with the same idempotency key.</summary>
    public sealed record Submitted(Application Case, bool Replayed);

    /// <summary>What a submission needs besides the request's own database context (one singleton of the process).</summary>
    public sealed record Services(CalendarCache Calendars, SubmissionReferences References, SubmissionSequencer Saver, DataSharing.OnceOnly OnceOnly, TimeProvider Clock);

    public static async Task<Outcome<Submitted>> HandleAsync(Account actor, Request request, string? idempotencyKey, OneWindowDb db, Services services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (calendars, references, _, onceOnly, clock) = services;
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return ValidationFailed.Single("Idempotency-Key", Texts.T("must be 1 to {0} visible ASCII characters", MaxIdempotencyKeyLength));
        }
        var applicant = actor;
        if (actor.Kind != AccountKind.Staff && (request.ApplicantIdNumber is not null || request.ApplicantName is not null))
        {
            return ValidationFailed.Single("applicantIdNumber", Texts.T("only a clerk files on someone's behalf; submit your own application without it"));
        }
        if (actor.Kind == AccountKind.Staff && request.ConsentId is not null)
        {
            return ValidationFailed.Single("consentId", Texts.T("only the applicant agrees to the use of their own data; a clerk files without it"));
        }
        if (actor.Kind == AccountKind.Staff)
        {
            if (!actor.Has(StaffRoles.Clerk))
            {
                return new Forbidden(Texts.T("Residents and organisations submit their own applications; only clerks file on someone's behalf"));
            }
            var errors = new FieldErrors();
            applicant = await ProxyFiling.ApplicantAsync(db, request.ApplicantIdNumber, request.ApplicantName, errors, ct);
            if (applicant is null)
            {
                return errors.ToFailure();
            }
        }
        if (idempotencyKey is not null && await EarlierAsync(db, applicant, idempotencyKey, request, ct) is { } earlier)
        {
            return earlier;
        }
        var opened = await OpenAsync(applicant, actor == applicant ? null : actor, request, idempotencyKey, db, calendars, references, clock, ct);
        if (!opened.Succeeded)
        {
            return opened.Failure!;
        }
        if (await RepeatedAsync(db, opened.Value!, idempotencyKey, ct) is { } repeated)
        {
            return repeated;
        }
        if (request.Forwarded is { } origin)
        {
            opened.Value!.ForwardedFrom(origin);
        }
        if (request.ConsentId is { } consentId)
        {
            var taken = await TakeSharedDataAsync(applicant, consentId, opened.Value!, db, references, onceOnly, clock, ct);
            if (taken is not null)
            {
                return taken;
            }
        }
        try
        {
            // The form is submitted: its draft goes in the same transaction, so a failed submission keeps it.
            await SaveAsync(opened.Value!, removeDraft: actor == applicant, request.ConsentId is not null, db, services.Saver, ct);
            return new Submitted(opened.Value!, false);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.Any(e => e.Entity is DataSharing.DataConsent))
        {
            return ConsentTaken();
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            // The same submission arrived twice at once: the other one made the case.
            db.ChangeTracker.Clear();
            if (request.ConsentId is { } taken && await db.Applications.AsNoTracking().AnyAsync(a => a.ConsentId == taken, ct))
            {
                return ConsentTaken();
            }
            if (idempotencyKey is not null && await EarlierAsync(db, applicant, idempotencyKey, request, ct) is { } sameKey)
            {
                return sameKey;
            }
            return await RepeatedAsync(db, opened.Value!, idempotencyKey: null, ct)
                ?? throw new InvalidOperationException("A unique key was violated but no other case holds it.", ex);
        }
    }

    private static StateConflict ConsentTaken() => new(Texts.T("This pre-fill was just used for another application; pre-fill again for a new one"));

    /// <summary>
    /// The consent's reads go with the case: answers that are still the values read are marked with their source,
    /// and each material of a task whose item's record its unit read in the material's place is given by that read.
    /// Returns why not, or null.
    /// </summary>
    private static async Task<Failure?> TakeSharedDataAsync(Account applicant, Guid consentId, Application application, OneWindowDb db, SubmissionReferences references, DataSharing.OnceOnly onceOnly, TimeProvider clock, CancellationToken ct)
    {
        var used = await onceOnly.UseAsync(applicant, consentId, application.BundleCode ?? application.ItemCode!, application.Id, application.Form, db, ct);
        if (!used.Succeeded)
        {
            return used.Failure!;
        }
        var now = clock.GetUtcNow();
        var reads = used.Value!.Reads;
        application.TakeSharedData(consentId, used.Value.Prefilled, [.. reads.Select(r => r.Item).Distinct(StringComparer.Ordinal)], now);
        var items = await references.ItemsAsync(db, [.. application.Tasks.Select(t => t.ItemCode).Distinct()], ct);
        foreach (var task in application.Tasks)
        {
            foreach (var material in items.GetValueOrDefault(task.ItemCode)?.Materials ?? [])
            {
                if (reads.FirstOrDefault(r => r.Item == material.SharedData && r.UnitId == task.UnitId) is { } read)
                {
                    db.ApplicationMaterials.Add(new ApplicationMaterial
                    {
                        ApplicationId = application.Id, ItemCode = task.ItemCode, MaterialCode = material.Code, Source = MaterialSource.SharedData,
                        SharedItem = read.Item, SharedVersion = read.Version, ReadId = read.ReadId, AddedBy = applicant.Id, AddedAt = now,
                    });
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Saves the case: committed together with other submissions of the moment (<see cref="SubmissionSequencer"/>),
    /// or, when it used a consent (whose use is tracked in <paramref name="db"/>), in a save of its own with that use.
    /// Either way the applicant's draft goes in the same save (<see cref="Drafts.DraftReplacement"/>).
    /// </summary>
    private static async Task SaveAsync(Application application, bool removeDraft, bool withConsent, OneWindowDb db, SubmissionSequencer saver, CancellationToken ct)
    {
        if (!withConsent)
        {
            await saver.SaveAsync(application, removeDraft, ct);
            return;
        }
        db.Applications.Add(application);
        await Drafts.DraftReplacement.RemoveAsync(db, removeDraft ? [(application.ApplicantId, application.BundleCode ?? application.ItemCode!)] : [], ct);
        await Drafts.DraftReplacement.SaveAsync(db, ct);
    }

    private static async Task<Outcome<Submitted>?> EarlierAsync(OneWindowDb db, Account actor, string key, Request request, CancellationToken ct)
    {
        var earlier = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.ApplicantId == actor.Id && a.IdempotencyKey == key, ct);
        if (earlier is null)
        {
            return null;
        }
        var same = earlier.BundleCode == NullIfBlank(request.BundleCode) && earlier.ItemCode == NullIfBlank(request.ItemCode) && earlier.DivisionCode == Divisions.Division.Normalize(request.DivisionCode);
        return same
            ? new Submitted(earlier, true)
            : new StateConflict(Texts.T("This idempotency key was used for a different submission; use a new key for a new application"));
    }

    /// <summary>
    /// The case that <paramref name="candidate"/> would repeat, as what to answer instead, or null — in one query:
    /// <list type="bullet">
    /// <item>the same person's case for the same matter with the same form that is still being handled: shown to
    /// them instead of a second case doing the same work twice (the first case itself when the same idempotency
    /// key made it);</item>
    /// <item>another case about the same subject (the same child), in progress or completed, whoever filed it. The
    /// applicant's own case is named; someone else's is not — a parent learns only that the child's matter is
    /// already being handled, not by whom or where.</item>
    /// </list>
    /// Filtered unique indexes make both exact when submissions arrive at once.
    /// </summary>
    private static async Task<Outcome<Submitted>?> RepeatedAsync(OneWindowDb db, Application candidate, string? idempotencyKey, CancellationToken ct)
    {
        var (applicant, matter, subject) = (candidate.ApplicantId, candidate.MatterHash, candidate.SubjectHash);
        // Each half on its own unique index (a UNION ALL, not an OR: PostgreSQL planned the OR over every case of the applicant).
        var cases = db.Applications.AsNoTracking().Where(a => a.ApplicantId == applicant && a.MatterHash == matter && a.State == ApplicationState.InProgress);
        if (subject is not null)
        {
            cases = cases.Concat(db.Applications.AsNoTracking().Where(a => a.SubjectHash == subject && (a.State == ApplicationState.InProgress || a.State == ApplicationState.Completed)));
        }
        var found = await cases.Select(a => new { a.Id, a.ApplicantId, a.MatterHash, a.State, a.IdempotencyKey }).ToListAsync(ct);
        if (found.FirstOrDefault(a => a.ApplicantId == applicant && a.MatterHash == matter && a.State == ApplicationState.InProgress) is { } same)
        {
            return idempotencyKey is not null && same.IdempotencyKey == idempotencyKey
                ? new Submitted(await db.Applications.AsNoTracking().FirstAsync(a => a.Id == same.Id, ct), true)
                : new DuplicateCase(same.Id);
        }
        return found.FirstOrDefault() is not { } sameSubject ? null
            : sameSubject.ApplicantId == applicant ? new DuplicateCase(sameSubject.Id)
            : new SubjectAlreadyFiled();
    }

    /// <summary>The competent unit of each item for a matter of village <paramref name="divisionCode"/>, or which are missing.</summary>
    internal static async Task<Outcome<IReadOnlyDictionary<string, RoutableUnit>>> RouteAsync(IReadOnlyList<ServiceItem> items, string divisionCode, OneWindowDb db, SubmissionReferences references, CancellationToken ct)
    {
        var departments = items.Select(i => i.Department).Distinct().ToList();
        var divisions = items.Select(i => TaskRouter.CompetentDivision(i, divisionCode)).Distinct().ToList();
        var candidates = await references.UnitsAsync(db, departments, divisions, ct);
        return TaskRouter.RouteAll(items, divisionCode, candidates);
    }

    /// <summary>The bundle or the item applied for and the village the matter belongs to, each checked; what is wrong goes into <paramref name="errors"/>.</summary>
    internal static async Task<(Bundle? Bundle, ServiceItem? Item, Division? Village)> MatterAsync(string? bundleCode, string? itemCode, string? divisionCode, FieldErrors errors,
        OneWindowDb db, SubmissionReferences references, CancellationToken ct)
    {
        Bundle? bundle = null;
        ServiceItem? single = null;
        if (string.IsNullOrWhiteSpace(bundleCode) == string.IsNullOrWhiteSpace(itemCode))
        {
            errors.Add("bundleCode", Texts.T("give either a bundle code or an item code"));
        }
        else if (!string.IsNullOrWhiteSpace(bundleCode))
        {
            bundle = await references.BundleAsync(db, bundleCode, ct);
            if (bundle is null)
            {
                errors.Add("bundleCode", Texts.T("is not a bundle of the catalog"));
            }
        }
        else
        {
            single = (await references.ItemsAsync(db, [itemCode!], ct)).GetValueOrDefault(itemCode!);
            if (single is null)
            {
                errors.Add("itemCode", Texts.T("is not an item of the catalog"));
            }
        }
        return (bundle, single, await VillageAsync(divisionCode, errors, db, references, ct));
    }

    /// <summary>
    /// The village or community a matter belongs to, from its code as typed; what is wrong (a malformed code, a code
    /// nobody has, a division of another level — named at its level) goes into <paramref name="errors"/> under <c>divisionCode</c>.
    /// </summary>
    public static async Task<Division?> VillageAsync(string? divisionCode, FieldErrors errors, OneWindowDb db, SubmissionReferences references, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(references);
        var division = await references.DivisionAsync(db, divisionCode?.Trim(), ct);
        if (division is null)
        {
            errors.Add("divisionCode", string.IsNullOrWhiteSpace(divisionCode) || Division.Normalize(divisionCode.Trim()) is null
                ? Texts.T("must be the 12-digit code of the village or community the matter belongs to")
                : Texts.T("no village or community has the code {0}; check it against the national division codes", divisionCode.Trim()));
        }
        else if (division.Level != DivisionLevel.Village)
        {
            // Named at its own level, with what to give instead: a township's code is not "wrong", it is one level too high.
            errors.Add("divisionCode", Texts.T("{0} ({2}) is at {1} level; choose the village or community under it that the matter belongs to", division.Name, division.Level.Name(), division.Code));
            return null;
        }
        return division;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <param name="actor">Who the case is for.</param>
    /// <param name="clerk">The clerk filing it for them, or null when they file themselves.</param>
    private static async Task<Outcome<Application>> OpenAsync(Account actor, Account? clerk, Request request, string? idempotencyKey, OneWindowDb db, CalendarCache calendars, SubmissionReferences references, TimeProvider clock, CancellationToken ct)
    {
        var prepared = await PrepareAsync(actor, clerk, request, db, references, clock, ct);
        if (!prepared.Succeeded)
        {
            return prepared.Failure!;
        }
        var (bundle, single, division, items, plan, channel, delivery, address, today) = prepared.Value!;
        var codes = bundle?.Items ?? [single!.Code];
        var routed = await RouteAsync([.. codes.Select(c => items[c])], division.Code, db, references, ct);
        if (!routed.Succeeded)
        {
            return routed.Failure!;
        }

        var calendar = await calendars.GetAsync(db, ct);
        var draft = new ApplicationDraft(bundle?.Code, single?.Code, actor.Id, clerk?.Id, channel, division.Code, CleanForm(request.Fields),
            bundle?.TimeLimitDays ?? single!.TimeLimitDays, idempotencyKey, bundle?.SubjectKey, delivery, address);
        return Application.Open(draft, plan, routed.Value!.ToDictionary(r => r.Key, r => r.Value.Id), items.ToDictionary(i => i.Key, i => i.Value.TimeLimitDays), calendar, clock.GetUtcNow(), today);
    }

    private static Dictionary<string, string> CleanForm(Dictionary<string, string>? fields) =>
        fields?.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => TextInput.Clean(f.Value), StringComparer.Ordinal) ?? [];

    /// <summary>
    /// Checks a submission as <see cref="HandleAsync"/> would — the applicant, the matter, the form by every item's rules —
    /// without routing it to units of this platform: for a matter whose competent authority is in another region.
    /// </summary>
    public static async Task<Outcome<Checked>> CheckAsync(Account actor, Request request, OneWindowDb db, SubmissionReferences references, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (actor.Kind == AccountKind.Staff)
        {
            return new Forbidden(Texts.T("Residents and organisations submit their own applications; staff file for someone through proxy filing"));
        }
        var prepared = await PrepareAsync(actor, null, request, db, references, clock, ct);
        if (!prepared.Succeeded)
        {
            return prepared.Failure!;
        }
        var (bundle, single, division, _, _, _, _, _, _) = prepared.Value!;
        return new Checked(bundle?.Code, single?.Code, bundle?.Name ?? single!.Name, bundle?.NameEn ?? single!.NameEn, division.Code, CleanForm(request.Fields), bundle?.TimeLimitDays ?? single!.TimeLimitDays);
    }

    private sealed record Prepared(Bundle? Bundle, ServiceItem? Single, Division Division, Dictionary<string, ServiceItem> Items, IReadOnlyList<PlannedTask> Plan,
        Channel Channel, DeliveryMethod Delivery, string? Address, DateOnly Today);

    private static async Task<Outcome<Prepared>> PrepareAsync(Account actor, Account? clerk, Request request, OneWindowDb db, SubmissionReferences references, TimeProvider clock, CancellationToken ct)
    {
        if (ApplicantAudience.KindOf(actor) is not { } applicantKind)
        {
            return new Forbidden(Texts.T("Residents and organisations submit their own applications; staff file for someone through proxy filing"));
        }
        var errors = new FieldErrors();
        var (bundle, single, division) = await MatterAsync(request.BundleCode, request.ItemCode, request.DivisionCode, errors, db, references, ct);
        var channel = request.Channel ?? (clerk is null ? Channel.Web : Channel.Counter);
        if (!Enum.IsDefined(channel))
        {
            errors.Add("channel", Texts.T("must be web, mobile, kiosk or counter"));
        }
        var delivery = request.Delivery?.Method ?? DeliveryMethod.Collect;
        string? address = null;
        if (!Enum.IsDefined(delivery))
        {
            errors.Add("delivery.method", Texts.T("must be collect or mail"));
        }
        else if (delivery == DeliveryMethod.Mail)
        {
            address = TextInput.Clean(request.Delivery?.Address ?? request.Fields?.GetValueOrDefault("deliveryAddress") ?? request.Fields?.GetValueOrDefault("homeAddress") ?? "");
            if (address.Length is 0 or > MaxAddressLength || TextInput.Problem(address) is not null)
            {
                errors.Add("delivery.address", Texts.T("mailing needs a postal address of at most {0} characters of plain text", MaxAddressLength));
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (ApplicantAudience.Refuse(bundle?.Name ?? single!.Name, bundle?.Audience ?? single!.Audience, applicantKind) is { } notForYou)
        {
            return notForYou;
        }
        if (clerk is not null && await ProxyFiling.RefuseOutsideDivisionAsync(db, clerk, division!.Code, single?.AcrossRegions == true, ct) is { } outside)
        {
            return outside;
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var codes = bundle?.Items ?? [single!.Code];
        var items = bundle is null
            ? new Dictionary<string, ServiceItem>(StringComparer.Ordinal) { [single!.Code] = single }
            : await references.ItemsAsync(db, codes, ct);
        var plan = bundle is null ? ApplicationPlanner.Plan(single!, request.Fields, today) : ApplicationPlanner.Plan(bundle, items, request.Fields, today);
        if (!plan.Succeeded)
        {
            return plan.Failure!;
        }
        return new Prepared(bundle, single, division!, items, plan.Value!, channel, delivery, address, today);
    }
}

/// <summary>Someone else already filed this matter for the same subject (the other parent, for the same child).</summary>
public sealed record SubjectAlreadyFiled()
    : Failure(Texts.T("Conflict"), Texts.T("An application for the same person (by the identifying answers of this form) has already been submitted by another applicant and is handled once; ask them, or the service window, to follow it"));

/// <summary>The same matter is already being handled for this person; <see cref="ExistingCaseId"/> is where to follow it.</summary>
public sealed record DuplicateCase(Guid ExistingCaseId)
    : Failure(Texts.T("Conflict"), Texts.T("You already have this application with the same answers in progress; follow it instead of submitting again"));
