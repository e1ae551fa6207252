using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneWindow.Calendar;
using OneWindow.Certificates;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.Applications;

/// <summary>
/// Approvals commit together (group commit). Reviewers' approvals queue on a channel; a worker takes what
/// is queued (up to <see cref="MaxBatch"/>), reads what the certificates need in one query per kind for
/// the whole batch, and in ONE transaction claims every application against its version, takes the
/// status-list positions of each unit with one upsert, and adds the certificates and their ledger outbox
/// rows. Each reviewer hears back only after that commit. A few workers run at once
/// (<see cref="ApprovalOptions.Workers"/>), so one batch reads while another commits; two batches holding
/// the same application cannot both win, because each claim is checked against the application's
/// version. A batch that fails as a whole (a concurrent change to one of its applications, a constraint)
/// is rolled back and its approvals are retried one by one, so one bad approval never takes others down
/// with it; an approval that still loses its race answers with the application's current state and
/// writes nothing.
/// </summary>
public sealed partial class ApprovalSequencer : IAsyncDisposable
{
    public const int MaxBatch = 64;

    /// <summary>How many times one approval is tried when the database reports a transient conflict (deadlock, serialisation).</summary>
    public const int MaxAttempts = 3;

    public const string MeterName = "OneWindow.Approvals";

    private readonly BatchQueue<Request> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly SqliteWriteGate _gate;
    private readonly LedgerWriter _ledger;
    private readonly TimeProvider _clock;
    private readonly ILogger<ApprovalSequencer> _logger;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public ApprovalSequencer(IServiceScopeFactory scopes, SqliteWriteGate gate, LedgerWriter ledger, TimeProvider clock, ILogger<ApprovalSequencer> logger, IOptions<ApprovalOptions> options, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Seen with `dotnet-counters monitor --counters OneWindow.Approvals`.
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _batchSize = meter.CreateHistogram<int>("onewindow.approval.batch.size", "{approval}", "Approvals committed together in one transaction");
        _batchDuration = meter.CreateHistogram<double>("onewindow.approval.batch.duration", "ms", "Time from taking a batch to answering its reviewers");
        _scopes = scopes;
        _gate = gate;
        _ledger = ledger;
        _clock = clock;
        _logger = logger;
        _queue = new BatchQueue<Request>(MaxBatch, Math.Clamp(options.Value.Workers, 1, 16), async batch =>
        {
            var started = Stopwatch.GetTimestamp();
            await SettleAsync(batch);
            _batchSize.Record(batch.Count);
            _batchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, Abandoned);
    }

    /// <summary>The reviewer left before their approval started: nothing is written.</summary>
    private static bool Abandoned(Request request)
    {
        if (!request.Cancelled.IsCancellationRequested)
        {
            return false;
        }
        request.Done.TrySetCanceled(request.Cancelled);
        return true;
    }

    /// <summary>An approved task with its case, the certificate it issued, and the applicant's name, as the reviewer's answer shows them.</summary>
    public sealed record Approved(Application Case, ApplicationTask Task, Certificate Certificate, string ApplicantName);

    private sealed record Request(Account Reviewer, Guid CaseId, Guid? TaskId, IReadOnlyDictionary<string, string>? Result, TaskCompletionSource<Outcome<Approved>> Done, CancellationToken Cancelled);

    /// <summary>
    /// Approves a task whose item issues a certificate, as <paramref name="reviewer"/>, with the staff's
    /// <paramref name="result"/> (checked here against the item's declared results); completes once the approval
    /// and its certificate are committed, or with why not. Without <paramref name="taskId"/>, the case's only task.
    /// </summary>
    public Task<Outcome<Approved>> ApproveAsync(Account reviewer, Guid caseId, Guid? taskId, IReadOnlyDictionary<string, string>? result, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        var done = new TaskCompletionSource<Outcome<Approved>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new Request(reviewer, caseId, taskId, result, done, ct));
        return done.Task.WaitAsync(ct);
    }

    private async Task SettleAsync(List<Request> batch, int attempt = 1)
    {
        try
        {
            var outcomes = await ApproveTogetherAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchSplit(_logger, batch.Count, ex.GetType().Name);
            foreach (var request in batch)
            {
                await SettleAsync([request]);
            }
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(ex))
        {
            // Another approval of the task committed first: the case's version, or the one certificate per task.
            batch[0].Done.TrySetResult(await LostRaceAsync(batch[0].CaseId, batch[0].TaskId));
        }
        catch (Exception ex) when (DbErrors.IsSerializationFailure(ex) && attempt < MaxAttempts)
        {
            // PostgreSQL chose this transaction as a deadlock's victim (or could not serialise it): it wrote
            // nothing, so it runs again.
            LogTransientRetry(_logger, attempt, ex.GetType().Name);
            await SettleAsync(batch, attempt + 1);
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    /// <summary>One unit of work and one transaction for the whole batch; returns each approval's outcome once committed.</summary>
    private async Task<Outcome<Approved>[]> ApproveTogetherAsync(List<Request> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        // Every change of the batch is made by the aggregates' methods and the issuer below: changes are
        // detected once, just before the save, not again by each look at the change tracker.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var calendars = scope.ServiceProvider.GetRequiredService<CalendarCache>();
        var ids = batch.Select(r => r.CaseId).Distinct().ToList();
        var cases = await db.Applications.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id);
        var applicants = await AccountQueries.ManyAsync(db, [.. cases.Values.Select(a => a.ApplicantId).Distinct()], CancellationToken.None);
        var holders = cases.Values.Where(a => applicants.ContainsKey(a.ApplicantId)).ToDictionary(a => a.Id, a => applicants[a.ApplicantId]);

        var outcomes = new Outcome<Approved>[batch.Count];
        var authorized = new List<(int Slot, Application Case, ApplicationTask Task)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            var found = cases.GetValueOrDefault(request.CaseId) is { } known && holders.ContainsKey(known.Id) ? known : null;
            var task = request.TaskId is { } taskId ? found?.Task(taskId) : found?.Tasks.Count == 1 ? found.Tasks[0] : null;
            if (task is null || request.Reviewer.Kind != AccountKind.Staff || request.Reviewer.UnitId != task.UnitId)
            {
                outcomes[i] = new Missing("Task"); // anyone but the competent unit learns only that there is no such task
            }
            else if (!request.Reviewer.Has(StaffRoles.Reviewer))
            {
                outcomes[i] = new Forbidden(Texts.T("Only a reviewer of the competent unit decides this task"));
            }
            else
            {
                authorized.Add((i, cases[request.CaseId], task));
            }
        }
        var prepared = authorized.Count == 0 ? [] : await issuer.PrepareAsync(
            [.. authorized.Select(a => new CertificateIssuer.Request(a.Task.Id, a.Task.UnitId, a.Task.ItemCode, a.Task.Fields, holders[a.Case.Id], batch[a.Slot].Reviewer))], CancellationToken.None);

        var minting = new List<(int Slot, Application Case, ApplicationTask Task, CertificateIssuer.Request Request, CertificateIssuer.Issuance Issuance, Dictionary<string, string> Result)>(authorized.Count);
        var today = DateOnly.FromDateTime(_clock.GetLocalNow().DateTime);
        for (var k = 0; k < authorized.Count; k++)
        {
            var (slot, application, task) = authorized[k];
            var result = prepared[k].Succeeded ? DecideTask.CheckResult(batch[slot].Result is { } given ? new Dictionary<string, string>(given, StringComparer.Ordinal) : null, prepared[k].Value!.Item.Output.Results ?? [], today) : default;
            if (!prepared[k].Succeeded)
            {
                outcomes[slot] = prepared[k].Failure!;
            }
            else if (!result.Succeeded)
            {
                outcomes[slot] = result.Failure!;
            }
            else if (task.State is not (TaskState.Queued or TaskState.Accepted))
            {
                outcomes[slot] = new StateConflict(Texts.T("A task that is {0} cannot be approved", task.State.Name()), EnumText.Of(task.State));
            }
            else
            {
                minting.Add((slot, application, task, new CertificateIssuer.Request(task.Id, task.UnitId, task.ItemCode, task.Fields, holders[application.Id], batch[slot].Reviewer), prepared[k].Value!, result.Value!));
            }
        }
        if (minting.Count == 0)
        {
            return outcomes;
        }
        // Items that also write shared data (企业变更登记 → market.enterprise): each record checked as its reviewer's write.
        var sharing = scope.ServiceProvider.GetRequiredService<SharedDataServices>();
        var writes = new Dictionary<int, WriteRecord.Prepared>();
        var subjects = new HashSet<(string, string)>();
        foreach (var (slot, application, task, _, issuance, checkedResult) in minting.ToList())
        {
            if (issuance.Item.Output.Writes is not { } declared)
            {
                continue;
            }
            var write = await TaskRecordWrite.PrepareAsync(batch[slot].Reviewer, application, task, checkedResult, declared, db, sharing, _clock, CancellationToken.None);
            if (write.Succeeded && !subjects.Add((write.Value!.Item.Code, write.Value.Subject)))
            {
                write = new StateConflict(Texts.T("Another approval of this moment writes the same record; approve this one again"), EnumText.Of(task.State));
            }
            if (write.Succeeded)
            {
                writes[slot] = write.Value!;
            }
            else
            {
                outcomes[slot] = write.Failure!;
                minting.RemoveAll(m => m.Slot == slot);
            }
        }

        var calendar = await calendars.GetAsync(db, CancellationToken.None);
        var now = _clock.GetUtcNow();
        var subscribers = 0;
        using var signers = issuer.Signers();
        using var turn = await _gate.EnterAsync(db.Database.IsSqlite(), CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Units in a fixed order: concurrent batches on PostgreSQL lock their status-list rows in the same order, never crosswise.
        foreach (var unit in minting.GroupBy(m => m.Task.UnitId).OrderBy(g => g.Key))
        {
            var next = await issuer.AllocateStatusIndexesAsync(unit.Key, unit.Count(), CancellationToken.None);
            foreach (var (slot, application, task, request, issuance, checkedResult) in unit)
            {
                if (task.State is not (TaskState.Queued or TaskState.Accepted))
                {
                    // Approved a moment ago by an earlier approval of this very batch: its position stays unused.
                    outcomes[slot] = new StateConflict(Texts.T("A task that is {0} cannot be approved", task.State.Name()), EnumText.Of(task.State));
                    next++;
                    continue;
                }
                var write = writes.GetValueOrDefault(slot);
                if (write is not null && !await WriteRecord.IsCurrentAsync(write, db, sharing.Keys, CancellationToken.None))
                {
                    // The record changed since the reviewer's change was checked against it.
                    outcomes[slot] = new StateConflict(Texts.T("Someone wrote this record just now; approve again to apply the change to the current record"), EnumText.Of(task.State));
                    next++;
                    continue;
                }
                var minted = issuer.Mint(request, Guid.CreateVersion7(), issuance, next++, now, signers);
                if (!minted.Succeeded)
                {
                    outcomes[slot] = minted.Failure!; // e.g. the unit's status list is full: this task stays as it was
                    continue;
                }
                if (write is not null)
                {
                    subscribers += (await WriteRecord.StageAsync(write, db, sharing, now, CancellationToken.None)).Subscribers; // record, its ledger entry, subscribers' events
                }
                var result = new Dictionary<string, string>(checkedResult, StringComparer.Ordinal) { [DecideTask.CertificateResult] = minted.Value!.Identifier };
                if (application.Approve(task.Id, batch[slot].Reviewer.Id, result, calendar, now, today) is { } refused)
                {
                    // Its state was checked just above; a refusal now is a bug, and the whole batch rolls back (then runs one by one).
                    throw new InvalidOperationException($"A checked approval was refused: {refused.Detail}");
                }
                outcomes[slot] = new Approved(application, task, minted.Value!, issuance.Holder.IsOrganisation ? issuance.Holder.OrganisationName ?? "" : issuance.Holder.RealName);
            }
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(); // claims every case against its version: a concurrent change stops the batch here
        await transaction.CommitAsync();
        _ledger.Wake();
        if (writes.Count > 0)
        {
            WriteRecord.Committed(sharing, subscribers);
        }
        return outcomes;
    }

    private async Task<Failure> LostRaceAsync(Guid caseId, Guid? taskId)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var state = await db.ApplicationTasks.AsNoTracking().Where(t => taskId == null ? EF.Property<Guid>(t, "ApplicationId") == caseId : t.Id == taskId)
            .Select(t => t.State).FirstAsync();
        return new StateConflict(Texts.T("Someone else changed this case just now; the task is {0}", state.Name()), EnumText.Of(state));
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "An approval met a transient database conflict on attempt {Attempt} ({ExceptionType}); it runs again")]
    private static partial void LogTransientRetry(ILogger logger, int attempt, string exceptionType);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "A batch of {Count} approvals could not commit together ({ExceptionType}); each is retried alone")]
    private static partial void LogBatchSplit(ILogger logger, int count, string exceptionType);
}
