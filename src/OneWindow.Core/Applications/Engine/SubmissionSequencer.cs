using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneWindow.Applications.Drafts;
using OneWindow.Storage;

namespace OneWindow.Applications;

/// <summary>
/// Submissions commit together (group commit), as approvals do. Each request checks, plans and routes its case
/// on its own; the checked case then queues here, and a worker takes what is queued (up to
/// <see cref="MaxBatch"/>) and saves every case with its tasks, its departments' webhook messages and the
/// removal of its applicant's draft in ONE transaction — on SQLite in its turn at the single writer, so
/// submissions never sleep on SQLITE_BUSY. Each applicant hears back only after that commit. A batch that fails
/// as a whole (two identical submissions at once meet the unique indexes) is rolled back and its cases are
/// saved one by one, so each learns its own outcome: the one that loses gets the database's error, which the
/// submission turns into "you already have this application".
/// </summary>
public sealed partial class SubmissionSequencer : IAsyncDisposable
{
    public const int MaxBatch = 64;

    public const string MeterName = "OneWindow.Submissions";

    private readonly BatchQueue<Request> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly SqliteWriteGate _gate;
    private readonly ILogger<SubmissionSequencer> _logger;
    private readonly Histogram<int> _batchSize;

    public SubmissionSequencer(IServiceScopeFactory scopes, SqliteWriteGate gate, ILogger<SubmissionSequencer> logger, IOptions<CaseOptions> options, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Seen with `dotnet-counters monitor --counters OneWindow.Submissions`.
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _batchSize = meter.CreateHistogram<int>("onewindow.submission.batch.size", "{case}", "Submitted cases committed together in one transaction");
        _scopes = scopes;
        _gate = gate;
        _logger = logger;
        _queue = new BatchQueue<Request>(MaxBatch, Math.Clamp(options.Value.SubmissionWorkers, 1, 16), async batch =>
        {
            await SettleAsync(batch);
            _batchSize.Record(batch.Count);
        }, Abandoned);
    }

    /// <summary>The applicant left before their case was saved: nothing is written.</summary>
    private static bool Abandoned(Request request)
    {
        if (!request.Cancelled.IsCancellationRequested)
        {
            return false;
        }
        request.Done.TrySetCanceled(request.Cancelled);
        return true;
    }

    /// <param name="DraftOf">The applicant's draft of this matter (bundle or item code) that the submission replaces, or null when a clerk files.</param>
    private sealed record Request(Application Case, (Guid ApplicantId, string Code)? DraftOf, TaskCompletionSource Done, CancellationToken Cancelled);

    /// <summary>
    /// Saves a checked new case, and removes the applicant's draft of the same matter with it when
    /// <paramref name="removeDraft"/>; completes once committed, or throws the database's error for this case alone.
    /// </summary>
    public Task SaveAsync(Application application, bool removeDraft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var draft = removeDraft ? (application.ApplicantId, application.BundleCode ?? application.ItemCode!) : ((Guid, string)?)null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new Request(application, draft, done, ct));
        return done.Task.WaitAsync(ct);
    }

    private async Task SettleAsync(List<Request> batch)
    {
        try
        {
            await SaveTogetherAsync(batch);
            foreach (var request in batch)
            {
                request.Done.TrySetResult();
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
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    private async Task SaveTogetherAsync(List<Request> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
        // The cases are new and whole: nothing tracked changes after it is added.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // Read here, removed against the version read: a draft saved again meanwhile (another tab) is kept.
        await DraftReplacement.RemoveAsync(db, [.. batch.Where(r => r.DraftOf is not null).Select(r => r.DraftOf!.Value).Distinct()], CancellationToken.None);
        using var turn = await _gate.EnterAsync(db.Database.IsSqlite(), CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var request in batch)
        {
            db.Applications.Add(request.Case);
        }
        db.ChangeTracker.DetectChanges();
        await DraftReplacement.SaveAsync(db, CancellationToken.None);
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "A batch of {Count} submissions could not commit together ({ExceptionType}); each is saved alone")]
    private static partial void LogBatchSplit(ILogger logger, int count, string exceptionType);
}
