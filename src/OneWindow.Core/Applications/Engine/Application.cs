using OneWindow.Calendar;
using OneWindow.Common;

namespace OneWindow.Applications;

/// <summary>Where a whole application stands, derived from its tasks.</summary>
public enum ApplicationState
{
    InProgress,      // 办理中
    Completed,       // 已办结：every task approved
    PartlyCompleted, // 部分办结：some approved, some refused or cancelled
    Refused,         // 不予办理：nothing approved
}

/// <summary>What happened, by whom, when and why (the applicant's timeline and the record).</summary>
public sealed record ApplicationEvent(DateTimeOffset At, Guid? ActorId, string Kind, string? ItemCode = null, string? Note = null);

/// <summary>
/// An application for one item or one bundle (办件): who applies and who filed it through which channel,
/// the division the matter belongs to, the one form, and the tasks it was planned into. Every change is a
/// method here that checks the current state, records who did it in <see cref="History"/>, and bumps
/// <see cref="Version"/> (optimistic concurrency: of two simultaneous decisions on one application one
/// wins). Tasks whose prerequisites are approved start at once; a refusal cancels what depends on it.
/// </summary>
public sealed class Application
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The bundle applied for, or null for a single item.</summary>
    public string? BundleCode { get; init; }

    /// <summary>The item applied for when it is a single item.</summary>
    public string? ItemCode { get; init; }

    public required Guid ApplicantId { get; init; }

    /// <summary>The clerk who filed on the applicant's behalf (帮办代办), if any.</summary>
    public Guid? FiledById { get; init; }

    public required Channel Channel { get; init; }

    public required string DivisionCode { get; init; }

    /// <summary>The applicant's key for this submission: submitting again with it returns this case instead of a second one.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// SHA-256 of the matter and the answers (bundle or item, division, form — canonical JSON): while the
    /// case is in progress, the same person cannot open a second case with the same hash.
    /// </summary>
    public string MatterHash { get; init; } = "";

    /// <summary>Whom the matter is about (<see cref="ApplicationDraft.SubjectHash"/>): the same newborn filed by the mother and by the father is one case.</summary>
    public string? SubjectHash { get; init; }

    public Dictionary<string, string> Form { get; set; } = [];

    /// <summary>The applicant's consent to the use of their shared data for this application (免填单), if they gave one.</summary>
    public Guid? ConsentId { get; private set; }

    /// <summary>The form fields whose answers came unchanged from shared data, each with the shared data item it came from.</summary>
    public Dictionary<string, string> Prefilled { get; private set; } = [];

    /// <summary>How physical results reach the applicant; <see cref="DeliveryAddress"/> when mailed.</summary>
    public DeliveryMethod Delivery { get; init; }

    public string? DeliveryAddress { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Promised for the whole application, in working days (the bundle's limit, or the item's).</summary>
    public required int TimeLimitDays { get; init; }

    public DateOnly? DueDate { get; private set; }

    public ApplicationState State { get; private set; }

    public List<ApplicationTask> Tasks { get; init; } = [];

    public List<ApplicationEvent> History { get; init; } = [];

    public int Version { get; private set; }

    /// <summary>The region whose platform forwarded this case (跨省通办), and the case's id there; null for a case filed here.</summary>
    public string? OriginRegion { get; private set; }

    public Guid? OriginCaseId { get; private set; }

    /// <summary>Marks a case just opened as forwarded from another region's platform: its changes are reported back there.</summary>
    public void ForwardedFrom(ForwardedOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        (OriginRegion, OriginCaseId) = (origin.Region, origin.CaseId);
    }

    /// <summary>
    /// Opens an application from its plan and the unit each task was routed to: tasks without
    /// prerequisites go to their units' queues at once, with due dates from the official calendar.
    /// </summary>
    public static Application Open(ApplicationDraft draft, IReadOnlyList<PlannedTask> plan, IReadOnlyDictionary<string, Guid> units, IReadOnlyDictionary<string, int> timeLimits, WorkingCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(timeLimits);
        ArgumentNullException.ThrowIfNull(calendar);
        if (plan.Count == 0)
        {
            throw new ArgumentException("An application has at least one task.", nameof(plan));
        }
        var application = new Application
        {
            BundleCode = draft.BundleCode,
            ItemCode = draft.ItemCode,
            ApplicantId = draft.ApplicantId,
            FiledById = draft.FiledById,
            Channel = draft.Channel,
            DivisionCode = draft.DivisionCode,
            IdempotencyKey = draft.IdempotencyKey,
            MatterHash = draft.MatterHash(),
            SubjectHash = draft.SubjectHash(),
            Form = new Dictionary<string, string>(draft.Form, StringComparer.Ordinal),
            SubmittedAt = now.ToUniversalTime(),
            TimeLimitDays = draft.TimeLimitDays,
            Delivery = draft.Delivery,
            DeliveryAddress = draft.DeliveryAddress,
        };
        foreach (var planned in plan)
        {
            application.Tasks.Add(new ApplicationTask
            {
                ItemCode = planned.ItemCode,
                UnitId = units[planned.ItemCode],
                Channel = draft.Channel,
                Fields = new Dictionary<string, string>(planned.Fields, StringComparer.Ordinal),
                Requires = [.. planned.Requires],
                Awaited = [.. planned.Awaited],
                Receives = [.. planned.Receives ?? []],
                TimeLimitDays = timeLimits[planned.ItemCode],
                Physical = planned.Physical,
                State = TaskState.Waiting,
            });
        }
        application.UpdatedAt = now.ToUniversalTime();
        application.DueDate = Due(calendar, today, draft.TimeLimitDays);
        application.History.Add(new ApplicationEvent(now.ToUniversalTime(), draft.FiledById ?? draft.ApplicantId, "submitted"));
        application.StartReadyTasks(calendar, now, today);
        return application;
    }

    public ApplicationTask? Task(Guid taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    /// <summary>
    /// Records, at submission, the consent under which shared data filled the form and stood in for materials: which
    /// answers came from which item. Items are named in the timeline; the answers are the form's own.
    /// </summary>
    public void TakeSharedData(Guid consentId, IReadOnlyDictionary<string, string> prefilled, IReadOnlyCollection<string> itemsRead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prefilled);
        ArgumentNullException.ThrowIfNull(itemsRead);
        if (ConsentId is not null)
        {
            throw new InvalidOperationException("An application takes one consent, at submission.");
        }
        ConsentId = consentId;
        Prefilled = new Dictionary<string, string>(prefilled, StringComparer.Ordinal);
        History.Add(new ApplicationEvent(now.ToUniversalTime(), ApplicantId, "data-consent", Note: string.Join(",", itemsRead.Order(StringComparer.Ordinal))));
    }

    private static bool PendingDueDate(ApplicationTask task) => task is { DueDate: null, StartedOn: not null, IsFinished: false };

    /// <summary>
    /// Once the official calendar of the year is loaded, the due dates that waited for it are computed as they would
    /// have been at the time: the case's from the day it was submitted, a task's from the day it reached its unit
    /// plus the working days it spent waiting for supplements. Returns how many dates were set.
    /// </summary>
    public int ComputePendingDueDates(WorkingCalendar calendar, DateOnly submittedOn)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var computed = 0;
        if (State == ApplicationState.InProgress && DueDate is null && Due(calendar, submittedOn, TimeLimitDays) is { } due)
        {
            DueDate = due;
            computed++;
        }
        foreach (var task in Tasks.Where(PendingDueDate))
        {
            if (Due(calendar, task.StartedOn!.Value, task.TimeLimitDays + task.PausedWorkingDays) is { } taskDue)
            {
                task.DueDate = taskDue;
                computed++;
            }
        }
        return computed;
    }

    /// <summary>The competent unit accepts the task (受理).</summary>
    public Failure? Accept(Guid taskId, Guid handler, DateTimeOffset now)
    {
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State != TaskState.Queued)
        {
            return Conflict(task, Texts.T("A task that is {0} cannot be accepted", task.State.Name()));
        }
        task.State = TaskState.Accepted;
        task.HandlerId = handler;
        Record(now, handler, "accepted", task);
        return null;
    }

    /// <summary>
    /// Asks the applicant for a supplement (补正), naming exactly which of the task's fields and which
    /// materials; the task's clock pauses until the applicant answers.
    /// </summary>
    public Failure? RequestSupplement(Guid taskId, Guid handler, IReadOnlyCollection<string> fields, IReadOnlyCollection<string> materials, string note, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(materials);
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State is not (TaskState.Queued or TaskState.Accepted))
        {
            return Conflict(task, Texts.T("A task that is {0} cannot be sent back for a supplement", task.State.Name()));
        }
        if (fields.Count == 0 && materials.Count == 0)
        {
            return ValidationFailed.Single("fields", Texts.T("name the fields or materials the applicant must supply"));
        }
        task.State = TaskState.SupplementRequested;
        task.HandlerId = handler;
        task.Reason = note;
        task.SupplementFields = [.. fields.Distinct(StringComparer.Ordinal)];
        task.SupplementMaterials = [.. materials.Distinct(StringComparer.Ordinal)];
        task.PausedSince = today;
        Record(now, handler, "supplement-requested", task, note);
        return null;
    }

    /// <summary>
    /// The applicant answers a supplement: only the fields the task asked for may change. The task returns
    /// to its unit as accepted, and its due date moves by the working days it waited.
    /// </summary>
    public Failure? AnswerSupplement(Guid taskId, Guid actor, IReadOnlyDictionary<string, string> corrected, WorkingCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(corrected);
        ArgumentNullException.ThrowIfNull(calendar);
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State != TaskState.SupplementRequested)
        {
            return Conflict(task, Texts.T("A task that is {0} cannot be answered", task.State.Name()));
        }
        var errors = new FieldErrors();
        foreach (var name in corrected.Keys.Where(k => !task.SupplementFields.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add($"fields.{name}", Texts.T("was not asked for in this supplement"));
        }
        foreach (var name in task.SupplementFields.Where(f => string.IsNullOrWhiteSpace(corrected.GetValueOrDefault(f))))
        {
            errors.Add($"fields.{name}", Texts.T("is asked for in this supplement"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        foreach (var (name, value) in corrected)
        {
            task.Fields[name] = value;
        }
        var waited = task.PausedSince is { } since ? calendar.WorkingDaysBetween(since, today) : 0;
        var paused = waited.Succeeded ? waited.Value : 0;
        task.PausedWorkingDays += paused;
        task.PausedSince = null;
        if (task.DueDate is { } due && paused > 0)
        {
            task.DueDate = Due(calendar, due, paused);
        }
        task.State = TaskState.Accepted;
        task.SupplementFields = [];
        task.SupplementMaterials = [];
        task.SupplementAnsweredAt = now.ToUnixTimeMilliseconds();
        Record(now, actor, "supplement-answered", task);
        return null;
    }

    /// <summary>Approves a task with its result; tasks waiting only for it start, and receive the result.</summary>
    public Failure? Approve(Guid taskId, Guid handler, IReadOnlyDictionary<string, string> result, WorkingCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State is not (TaskState.Queued or TaskState.Accepted))
        {
            return Conflict(task, Texts.T("A task that is {0} cannot be approved", task.State.Name()));
        }
        task.State = TaskState.Approved;
        task.HandlerId = handler;
        task.Result = new Dictionary<string, string>(result, StringComparer.Ordinal);
        task.Handover = task.Physical ? Handover.AwaitingDispatch : Handover.None;
        task.Reason = null;
        Record(now, handler, "approved", task);
        foreach (var next in Tasks.Where(t => t.State == TaskState.Waiting && t.Requires.Contains(task.ItemCode, StringComparer.Ordinal)))
        {
            next.Inputs[task.ItemCode] = new Dictionary<string, string>(result, StringComparer.Ordinal);
        }
        // Declared results fill the fields that later tasks, here or further down the chain, wait for.
        foreach (var later in Tasks.Where(t => t.State == TaskState.Waiting))
        {
            foreach (var flow in later.Receives.Where(f => f.From == task.ItemCode && result.ContainsKey(f.Result)))
            {
                later.Fields[flow.Field] = result[flow.Result];
                later.Awaited.Remove(flow.Field);
            }
        }
        StartReadyTasks(calendar, now, today);
        Settle(now);
        return null;
    }

    /// <summary>Refuses a task with a reason; every task that depends on it, directly or not, is cancelled with that reason. Other branches go on.</summary>
    public Failure? Refuse(Guid taskId, Guid handler, string reason, DateTimeOffset now)
    {
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State is not (TaskState.Queued or TaskState.Accepted or TaskState.SupplementRequested))
        {
            return Conflict(task, Texts.T("A task that is {0} cannot be refused", task.State.Name()));
        }
        task.State = TaskState.Refused;
        task.HandlerId = handler;
        task.Reason = reason;
        task.PausedSince = null;
        Record(now, handler, "refused", task, reason);
        var refused = new Queue<string>([task.ItemCode]);
        while (refused.TryDequeue(out var code))
        {
            foreach (var dependent in Tasks.Where(t => !t.IsFinished && t.Requires.Contains(code, StringComparer.Ordinal)))
            {
                dependent.State = TaskState.Cancelled;
                dependent.Reason = $"{code}: {reason}";
                Record(now, null, "cancelled", dependent, dependent.Reason);
                refused.Enqueue(dependent.ItemCode);
            }
        }
        Settle(now);
        return null;
    }

    /// <summary>
    /// An overdue task (its due date has passed and it is with its unit, not waiting for the applicant) is
    /// escalated to the unit's supervising unit — once; the supervising unit sees it in its queue.
    /// </summary>
    public Failure? Escalate(Guid taskId, Guid supervisingUnitId, DateTimeOffset now, DateOnly today)
    {
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.EscalatedAt is not null)
        {
            return new StateConflict(Texts.T("The task was escalated already"), "escalated");
        }
        if (task.State is not (TaskState.Queued or TaskState.Accepted) || task.DueDate is not { } due || due >= today)
        {
            return new StateConflict(Texts.T("Only an overdue task with its unit is escalated"), EnumText.Of(task.State));
        }
        task.EscalatedAt = now.ToUniversalTime();
        task.EscalatedToUnitId = supervisingUnitId;
        Record(now, null, "escalated", task, $"due {due:yyyy-MM-dd}");
        return null;
    }

    /// <summary>
    /// Marks that the task's unit is told it falls due by <paramref name="dueBy"/> (the next working day), once. Not on the
    /// applicant's timeline; saved against the case's version like any change, so several sweeps tell the unit once.
    /// </summary>
    public Failure? MarkDueSoon(Guid taskId, DateOnly dueBy, DateTimeOffset now)
    {
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.DueSoonNotifiedAt is not null || task.State is not (TaskState.Queued or TaskState.Accepted) || task.DueDate is not { } due || due > dueBy)
        {
            return new StateConflict(Texts.T("Only an open task due by the next working day is announced, once"), EnumText.Of(task.State));
        }
        task.DueSoonNotifiedAt = now.ToUnixTimeMilliseconds();
        UpdatedAt = now.ToUniversalTime();
        Version++;
        return null;
    }

    private void StartReadyTasks(WorkingCalendar calendar, DateTimeOffset now, DateOnly today)
    {
        var approved = Tasks.Where(t => t.State == TaskState.Approved).Select(t => t.ItemCode).ToHashSet(StringComparer.Ordinal);
        foreach (var task in Tasks.Where(t => t.State == TaskState.Waiting && t.Requires.All(approved.Contains)))
        {
            task.State = TaskState.Queued;
            task.StartedOn = today;
            task.DueDate = Due(calendar, today, task.TimeLimitDays);
            Record(now, null, "queued", task);
        }
    }

    /// <summary>
    /// The unit hands over an approved physical result: ready at its window (collection), mailed with carrier and
    /// tracking number (mail), then handed over — in that order, by the case's delivery method.
    /// </summary>
    public Failure? HandOver(Guid taskId, Guid actor, Handover step, string? carrier, string? trackingNumber, DateTimeOffset now)
    {
        if (Find(taskId, out var task) is { } missing)
        {
            return missing;
        }
        if (task.State != TaskState.Approved || !task.Physical)
        {
            return new StateConflict(Texts.T("Only an approved task with a document or card to hand over has a handover"), EnumText.Of(task.Handover));
        }
        var expected = (task.Handover, Delivery) switch
        {
            (Handover.AwaitingDispatch, DeliveryMethod.Collect) => Handover.ReadyForCollection,
            (Handover.AwaitingDispatch, DeliveryMethod.Mail) => Handover.Mailed,
            (Handover.ReadyForCollection or Handover.Mailed, _) => Handover.HandedOver,
            _ => (Handover?)null,
        };
        if (expected != step)
        {
            return new StateConflict(expected is null
                ? Texts.T("This result has been handed over already")
                : Texts.T("The next step for this result is {0}", expected.Value.Name()), EnumText.Of(task.Handover));
        }
        task.Handover = step;
        if (step == Handover.Mailed)
        {
            task.Carrier = carrier;
            task.TrackingNumber = trackingNumber;
        }
        Record(now, actor, EnumText.Of(step), task, step == Handover.Mailed ? $"{carrier} {trackingNumber}" : null);
        return null;
    }

    private void Settle(DateTimeOffset now)
    {
        if (Tasks.Any(t => !t.IsFinished))
        {
            return;
        }
        var approved = Tasks.Count(t => t.State == TaskState.Approved);
        State = approved == Tasks.Count ? ApplicationState.Completed : approved == 0 ? ApplicationState.Refused : ApplicationState.PartlyCompleted;
        Record(now, null, State switch
        {
            ApplicationState.Completed => "completed",
            ApplicationState.PartlyCompleted => "partly-completed",
            _ => "refused",
        }, null);
    }

    private Missing? Find(Guid taskId, out ApplicationTask task)
    {
        task = Task(taskId)!;
        return task is null ? new Missing("Task") : null;
    }

    private static StateConflict Conflict(ApplicationTask task, string why) => new(why, EnumText.Of(task.State));

    private void Record(DateTimeOffset now, Guid? actor, string kind, ApplicationTask? task, string? note = null)
    {
        // Instants are kept in UTC (PostgreSQL's timestamptz takes nothing else); the time zone is the reader's.
        History.Add(new ApplicationEvent(now.ToUniversalTime(), actor, kind, task?.ItemCode, note));
        if (task is not null && actor != ApplicantId)
        {
            // The staff member's, not the applicant's (answering a supplement): a person's own recent work.
            task.LastActorId = actor;
            task.LastActedAt = now.ToUnixTimeMilliseconds();
        }
        UpdatedAt = now.ToUniversalTime();
        Version++;
    }

    private static DateOnly? Due(WorkingCalendar calendar, DateOnly from, int workingDays)
    {
        var due = calendar.Due(from, workingDays);
        return due.Succeeded ? due.Value : null; // the calendar of that year is not published yet: shown as pending
    }
}

/// <summary>What an application is opened with, before planning and routing have run.</summary>
public sealed record ApplicationDraft(string? BundleCode, string? ItemCode, Guid ApplicantId, Guid? FiledById, Channel Channel, string DivisionCode, IReadOnlyDictionary<string, string> Form, int TimeLimitDays, string? IdempotencyKey = null, IReadOnlyList<string>? SubjectKey = null,
    DeliveryMethod Delivery = DeliveryMethod.Collect, string? DeliveryAddress = null)
{
    /// <summary>Whom the matter is about, whoever files it: a hash of the bundle and its subject-key values (case and width folded), or null when the bundle names no subject key.</summary>
    public string? SubjectHash() => SubjectKey is not { Count: > 0 } key
        ? null
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Ledger.CanonicalJson.Serialize(
            new { bundle = BundleCode, item = ItemCode, subject = key.ToDictionary(k => k, k => Form.GetValueOrDefault(k, "").Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant(), StringComparer.Ordinal) },
            JsonDefaults.Options)));

    public string MatterHash() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        Ledger.CanonicalJson.Serialize(new { bundle = BundleCode, item = ItemCode, division = DivisionCode, form = Form }, JsonDefaults.Options)));
}

/// <summary>Where a forwarded case came from: the other region's code and its case id there.</summary>
public sealed record ForwardedOrigin(string Region, Guid CaseId);
