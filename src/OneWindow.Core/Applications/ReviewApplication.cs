using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// The certificate counter's decisions on a one-task case: a reviewer of the competent unit approves (issuing at
/// once), refuses, or asks for a supplement of the answers given; the applicant resubmits corrected answers. Each
/// is the engine's own verb on the case's task, so the rules, history and exactly-once issuance are the engine's.
/// </summary>
public sealed class ReviewApplication(OneWindowDb db, ApprovalSequencer approvals, CalendarCache calendars, TimeProvider clock)
{
    public enum Decision
    {
        Approve,
        Refuse,
        Supplement,
    }

    public async Task<Outcome<Application>> HandleAsync(Account actor, Guid applicationId, Decision decision, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (decision == Decision.Approve)
        {
            var approved = await ApproveAsync(actor, applicationId, ct);
            return approved.Succeeded ? approved.Value!.Case : approved.Failure!;
        }
        if (await TaskOfAsync(applicationId, ct) is not { } task)
        {
            return new Missing("Application");
        }
        return decision switch
        {
            Decision.Refuse => await DecideTask.HandleAsync(actor, applicationId, task.Id, new DecideTask.Request(false, null, reason), db, calendars, approvals, clock, ct),
            // The counter's supplement asks again for the answers that were given (the note says which are wrong).
            Decision.Supplement => await RequestSupplement.HandleAsync(actor, applicationId, task.Id, new RequestSupplement.Request([.. task.Fields.Keys], [], reason), db, clock, ct),
            _ => ValidationFailed.Single("decision", Texts.T("must be approve, refuse or supplement")),
        };
    }

    /// <summary>
    /// Approves the case's one task, issuing its certificate, straight through the approval sequencer (which checks
    /// who may and batches the commit): the counter's hot path, with no read of its own.
    /// </summary>
    public Task<Outcome<ApprovalSequencer.Approved>> ApproveAsync(Account actor, Guid applicationId, CancellationToken ct) =>
        approvals.ApproveAsync(actor, applicationId, taskId: null, result: null, ct);

    /// <summary>The applicant corrects what the reviewer asked about: the answers given change, the rest stay; the case returns to the queue.</summary>
    public async Task<Outcome<Application>> ResubmitAsync(Account actor, Guid applicationId, Dictionary<string, string>? fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await TaskOfAsync(applicationId, ct) is not { } task)
        {
            return new Missing("Application");
        }
        var corrected = task.SupplementFields.ToDictionary(f => f, f => task.Fields.GetValueOrDefault(f) ?? "", StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? [])
        {
            corrected[name] = value ?? "";
        }
        return await AnswerSupplement.HandleAsync(actor, applicationId, task.Id, new AnswerSupplement.Request(corrected), db, calendars, clock, ct);
    }

    /// <summary>The one task of a single-item case, or null for anything else (read only: the verbs load the case themselves).</summary>
    private async Task<ApplicationTask?> TaskOfAsync(Guid applicationId, CancellationToken ct)
    {
        var tasks = await db.ApplicationTasks.AsNoTracking().Where(t => EF.Property<Guid>(t, "ApplicationId") == applicationId).Take(2).ToListAsync(ct);
        return tasks.Count == 1 ? tasks[0] : null;
    }
}
