using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>A reviewer of the competent unit approves (issuing at once), refuses, or asks for a supplement.</summary>
public sealed class ReviewApplication(OneWindowDb db, ApprovalSequencer approvals, TimeProvider clock)
{
    public enum Decision
    {
        Approve,
        Refuse,
        Supplement,
    }

    public async Task<Outcome<CertificateApplication>> HandleAsync(Account actor, Guid applicationId, Decision decision, string? reason, CancellationToken ct)
    {
        if (decision == Decision.Approve)
        {
            var approved = await ApproveAsync(actor, applicationId, ct);
            return approved.Succeeded ? approved.Value!.Application : approved.Failure!;
        }
        var application = await db.CertificateApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return new Missing("Application");
        }
        if (actor.UnitId != application.UnitId || !actor.Has(StaffRoles.Reviewer))
        {
            return new Forbidden("Only a reviewer of the competent unit decides this application");
        }
        var now = clock.GetUtcNow();
        Failure? failure;
        switch (decision)
        {
            case Decision.Refuse:
            case Decision.Supplement:
                var note = TextInput.Note(reason, "reason");
                if (!note.Succeeded)
                {
                    return note.Failure!;
                }
                var text = note.Value!;
                failure = decision == Decision.Refuse ? application.Refuse(actor.Id, text, now) : application.RequestSupplement(actor.Id, text, now);
                break;
            default:
                return ValidationFailed.Single("decision", "must be approve, refuse or supplement");
        }
        if (failure is not null)
        {
            return failure;
        }
        return await SaveAsync(application, ct);
    }

    /// <summary>
    /// Approval and issuance commit together: the application's state change (checked against its
    /// version, so of concurrent approvals exactly one wins), the certificate row with its identifier and
    /// status-list position, and its ledger entry in the outbox — in a transaction shared with the other
    /// approvals queued at the same moment (<see cref="ApprovalSequencer"/>). A loser writes nothing and
    /// learns the current state.
    /// </summary>
    public Task<Outcome<ApprovalSequencer.Approved>> ApproveAsync(Account actor, Guid applicationId, CancellationToken ct) =>
        approvals.ApproveAsync(actor, applicationId, ct);

    private async Task<Outcome<CertificateApplication>> SaveAsync(CertificateApplication application, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return application;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await LostRaceAsync(application.Id, ct);
        }
    }

    private async Task<Failure> LostRaceAsync(Guid applicationId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var status = await db.CertificateApplications.AsNoTracking().Where(a => a.Id == applicationId).Select(a => a.Status).FirstAsync(ct);
        return new StateConflict($"Someone else changed this application just now; it is {status}", EnumText.Of(status));
    }

    /// <summary>The applicant corrects the fields the reviewer asked about; the same application returns to the queue.</summary>
    public async Task<Outcome<CertificateApplication>> ResubmitAsync(Account actor, Guid applicationId, Dictionary<string, string>? fields, CancellationToken ct)
    {
        var application = await db.CertificateApplications.FirstOrDefaultAsync(a => a.Id == applicationId && a.ApplicantId == actor.Id, ct);
        if (application is null)
        {
            return new Missing("Application");
        }
        var item = await db.ServiceItems.AsNoTracking().FirstAsync(i => i.Code == application.ItemCode, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var merged = new Dictionary<string, string>(application.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? [])
        {
            merged[name] = value ?? "";
        }
        var corrected = ApplicationPlanner.Validate(item.Fields, merged, today);
        if (!corrected.Succeeded)
        {
            return corrected.Failure!;
        }
        if (application.Resubmit(corrected.Value!, clock.GetUtcNow()) is { } failure)
        {
            return failure;
        }
        return await SaveAsync(application, ct);
    }
}
