using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneWindow.Certificates;
using OneWindow.Common;
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

    public const string MeterName = "OneWindow.Approvals";

    private readonly Channel<Request> _queue = System.Threading.Channels.Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = false });
    private readonly IServiceScopeFactory _scopes;
    private readonly SqliteWriteGate _gate;
    private readonly LedgerWriter _ledger;
    private readonly TimeProvider _clock;
    private readonly ILogger<ApprovalSequencer> _logger;
    private readonly Lock _startLock = new();
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly int _workers;
    private Task? _loop;

    public ApprovalSequencer(IServiceScopeFactory scopes, SqliteWriteGate gate, LedgerWriter ledger, TimeProvider clock, ILogger<ApprovalSequencer> logger, IOptions<ApprovalOptions> options, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _workers = Math.Clamp(options.Value.Workers, 1, 16);
        // Seen with `dotnet-counters monitor --counters OneWindow.Approvals`.
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _batchSize = meter.CreateHistogram<int>("onewindow.approval.batch.size", "{approval}", "Approvals committed together in one transaction");
        _batchDuration = meter.CreateHistogram<double>("onewindow.approval.batch.duration", "ms", "Time from taking a batch to answering its reviewers");
        _scopes = scopes;
        _gate = gate;
        _ledger = ledger;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>An approved application and its applicant's name, as the reviewer's answer shows them.</summary>
    public sealed record Approved(CertificateApplication Application, string ApplicantName);

    private sealed record Request(Account Reviewer, Guid ApplicationId, TaskCompletionSource<Outcome<Approved>> Done, CancellationToken Cancelled);

    /// <summary>Approves an application as <paramref name="reviewer"/>; completes once the certificate is committed, or with why not.</summary>
    public Task<Outcome<Approved>> ApproveAsync(Account reviewer, Guid applicationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        EnsureStarted();
        var done = new TaskCompletionSource<Outcome<Approved>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Request(reviewer, applicationId, done, ct)))
        {
            throw new InvalidOperationException("The approval sequencer has stopped.");
        }
        return done.Task.WaitAsync(ct);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }
        lock (_startLock)
        {
            _loop ??= Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(RunAsync)));
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Request>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var request))
            {
                if (request.Cancelled.IsCancellationRequested)
                {
                    request.Done.TrySetCanceled(request.Cancelled); // the reviewer left before it started: nothing is written
                }
                else
                {
                    batch.Add(request);
                }
            }
            if (batch.Count > 0)
            {
                var started = Stopwatch.GetTimestamp();
                await SettleAsync(batch);
                _batchSize.Record(batch.Count);
                _batchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private async Task SettleAsync(List<Request> batch)
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
        catch (DbUpdateConcurrencyException)
        {
            batch[0].Done.TrySetResult(await LostRaceAsync(batch[0].ApplicationId));
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
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var ids = batch.Select(r => r.ApplicationId).Distinct().ToList();
        var rows = await db.CertificateApplications.Where(a => ids.Contains(a.Id))
            .Join(db.Users, a => a.ApplicantId, u => u.Id, (a, u) => new { Application = a, Holder = u }).ToListAsync();
        var applications = rows.ToDictionary(r => r.Application.Id, r => r.Application);
        var holders = rows.ToDictionary(r => r.Application.Id, r => r.Holder);

        var outcomes = new Outcome<Approved>[batch.Count];
        var authorized = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            if (!applications.TryGetValue(request.ApplicationId, out var application))
            {
                outcomes[i] = new Missing("Application");
            }
            else if (request.Reviewer.UnitId != application.UnitId || !request.Reviewer.Has(StaffRoles.Reviewer))
            {
                outcomes[i] = new Forbidden("Only a reviewer of the competent unit decides this application");
            }
            else
            {
                authorized.Add(i);
            }
        }
        var prepared = authorized.Count == 0 ? [] : await issuer.PrepareAsync([.. authorized.Select(i => IssueRequest(applications[batch[i].ApplicationId], holders[batch[i].ApplicationId], batch[i].Reviewer))], CancellationToken.None);

        var now = _clock.GetUtcNow();
        var minting = new List<(int Slot, CertificateApplication Application, CertificateIssuer.Issuance Issuance)>(authorized.Count);
        for (var k = 0; k < authorized.Count; k++)
        {
            var slot = authorized[k];
            var application = applications[batch[slot].ApplicationId];
            if (!prepared[k].Succeeded)
            {
                outcomes[slot] = prepared[k].Failure!;
            }
            else if (application.Approve(batch[slot].Reviewer.Id, Guid.CreateVersion7(), now) is { } refused)
            {
                outcomes[slot] = refused; // already decided, or approved earlier in this very batch
            }
            else
            {
                minting.Add((slot, application, prepared[k].Value!));
            }
        }
        if (minting.Count == 0)
        {
            return outcomes;
        }

        using var signers = issuer.Signers();
        using var turn = await _gate.EnterAsync(db.Database.IsSqlite(), CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Units in a fixed order: concurrent batches on PostgreSQL lock their status-list rows in the same order, never crosswise.
        foreach (var unit in minting.GroupBy(m => m.Application.UnitId).OrderBy(g => g.Key))
        {
            var next = await issuer.AllocateStatusIndexesAsync(unit.Key, unit.Count(), CancellationToken.None);
            foreach (var (slot, application, issuance) in unit)
            {
                var minted = issuer.Mint(IssueRequest(application, issuance.Holder, batch[slot].Reviewer), application.CertificateId!.Value, issuance, next++, now, signers);
                if (minted.Succeeded)
                {
                    outcomes[slot] = new Approved(application, issuance.Holder.RealName);
                }
                else
                {
                    outcomes[slot] = minted.Failure!; // e.g. the unit's status list is full: this application stays as it was
                    var entry = db.Entry(application);
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                }
            }
        }
        await db.SaveChangesAsync(); // claims every application against its version: a concurrent change stops the batch here
        await transaction.CommitAsync();
        _ledger.Wake();
        return outcomes;
    }

    /// <summary>A certificate application asks for its certificate as a task of its own would (its id is the task's).</summary>
    private static CertificateIssuer.Request IssueRequest(CertificateApplication application, Account holder, Account reviewer) =>
        new(application.Id, application.UnitId, application.ItemCode, application.Fields, holder, reviewer);

    private async Task<Failure> LostRaceAsync(Guid applicationId)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        var status = await db.CertificateApplications.AsNoTracking().Where(a => a.Id == applicationId).Select(a => a.Status).FirstAsync();
        return new StateConflict($"Someone else changed this application just now; it is {status}", EnumText.Of(status));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "A batch of {Count} approvals could not commit together ({ExceptionType}); each is retried alone")]
    private static partial void LogBatchSplit(ILogger logger, int count, string exceptionType);
}
