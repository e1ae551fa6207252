using System.Text.RegularExpressions;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// A reviewer of the competent unit decides a task: approve with its result (which the tasks waiting for
/// it receive) or refuse with a reason (which cancels what depends on it). Of two simultaneous decisions
/// one is saved; the other answers 409. Approving an item whose output is a certificate issues it in the same
/// transaction as the approval (<see cref="ApprovalSequencer"/>): the task's result carries its identifier,
/// and a losing approval leaves no certificate and no ledger entry behind.
/// </summary>
public static partial class DecideTask
{
    public const int MaxResultEntries = 50;

    /// <summary>The result entry that names the certificate an approval issued (its GB/T 36904 identifier).</summary>
    public const string CertificateResult = "certificateIdentifier";

    public sealed record Request(bool Approve, Dictionary<string, string>? Result, string? Reason);

    public static async Task<Outcome<Application>> HandleAsync(Account actor, Guid caseId, Guid taskId, Request request, OneWindowDb db, CalendarCache calendars, ApprovalSequencer approvals, TimeProvider clock, CancellationToken ct,
        SharedDataServices? sharing = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var found = await TaskAccess.ForStaffAsync(db, actor, caseId, taskId, StaffRoles.Reviewer, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (application, task) = found.Value;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        Failure? failure;
        if (request.Approve)
        {
            var declared = (await CatalogQueries.ItemAsync(db, task.ItemCode, ct) ?? throw new InvalidOperationException($"The catalog has no item {task.ItemCode}")).Output;
            var result = CheckResult(request.Result, declared.Results ?? [], today);
            if (!result.Succeeded)
            {
                return result.Failure!;
            }
            if (declared.Kind == OutputKind.Certificate && declared.CertificateType is not null)
            {
                // Issued with the approval, exactly once, in a transaction shared with the approvals of the same moment.
                var issued = await approvals.ApproveAsync(actor, caseId, taskId, result.Value!, ct);
                return issued.Succeeded ? issued.Value!.Case : issued.Failure!;
            }
            if (declared.Writes is { } writes)
            {
                return await ApproveWritingAsync(actor, application, task, result.Value!, writes, db, await calendars.GetAsync(db, ct),
                    sharing ?? throw new InvalidOperationException("An item that writes shared data needs the shared-data services."), clock, ct);
            }
            failure = application.Approve(taskId, actor.Id, result.Value!, await calendars.GetAsync(db, ct), now, today);
        }
        else
        {
            var reason = TextInput.Note(request.Reason, "reason");
            if (!reason.Succeeded)
            {
                return reason.Failure!;
            }
            failure = application.Refuse(taskId, actor.Id, reason.Value!, now);
        }
        return failure ?? await TaskAccess.SaveAsync(db, application, taskId, ct);
    }

    /// <summary>
    /// Approves a task whose item writes shared data (the household registration writes the child's
    /// <c>police.household</c> record): the record is checked as the reviewer's own write — the reviewer's unit must
    /// belong to the owning department — and the approval, the record, its ledger entry and its subscribers' events
    /// commit in one transaction or not at all. A record the schema refuses refuses the approval, naming the result.
    /// </summary>
    private static async Task<Outcome<Application>> ApproveWritingAsync(Account actor, Application application, ApplicationTask task, Dictionary<string, string> result, SharedDataWrite writes,
        OneWindowDb db, WorkingCalendar calendar, SharedDataServices sharing, TimeProvider clock, CancellationToken ct)
    {
        var prepared = await TaskRecordWrite.PrepareAsync(actor, application, task, result, writes, db, sharing, clock, ct);
        if (!prepared.Succeeded)
        {
            return prepared.Failure!;
        }
        var now = clock.GetUtcNow();
        if (application.Approve(task.Id, actor.Id, result, calendar, now, DateOnly.FromDateTime(clock.GetLocalNow().DateTime)) is { } refused)
        {
            return refused;
        }
        // Lost to a simultaneous decision: the save answers 409 and nothing is written.
        return await DataSharing.WriteRecord.CommitWithAsync(prepared.Value!, db, sharing, now, (_, _) => TaskAccess.SaveAsync(db, application, task.Id, ct), ct);
    }

    /// <summary>
    /// A result is a small set of named values (a certificate number, a new record's number): names
    /// lowerCamelCase, values plain text; the item's declared results are checked like form fields, and a
    /// required one must be given.
    /// </summary>
    internal static Outcome<Dictionary<string, string>> CheckResult(Dictionary<string, string>? result, IReadOnlyList<FormField> declared, DateOnly today)
    {
        var errors = new FieldErrors();
        foreach (var field in declared)
        {
            if (field.Validate(result?.GetValueOrDefault(field.Name), today) is { } problem)
            {
                errors.Add($"result.{field.Name}", problem);
            }
        }
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result is { Count: > MaxResultEntries })
        {
            errors.Add("result", Texts.T("has at most {0} entries", MaxResultEntries));
        }
        foreach (var (name, value) in result ?? [])
        {
            if (!ResultName().IsMatch(name))
            {
                errors.Add("result", Texts.T("{0} is not a lowerCamelCase name of at most 64 characters", name));
                continue;
            }
            var text = TextInput.Clean(value ?? "");
            if (errors.Has($"result.{name}"))
            {
                continue;
            }
            if (text.Length is 0 or > 500 || TextInput.Problem(text) is not null)
            {
                errors.Add($"result.{name}", Texts.T("must be 1 to 500 characters of plain text"));
                continue;
            }
            clean[name] = text;
        }
        return errors.Any ? errors.ToFailure() : clean;
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ResultName();
}
