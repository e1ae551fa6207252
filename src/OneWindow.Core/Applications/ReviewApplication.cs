using Microsoft.EntityFrameworkCore;
using OneWindow.Certificates;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>A reviewer of the competent unit approves (issuing at once), refuses, or asks for a supplement.</summary>
public sealed class ReviewApplication(OneWindowDb db, CertificateIssuer issuer, TimeProvider clock)
{
    public enum Decision
    {
        Approve,
        Refuse,
        Supplement,
    }

    public async Task<Outcome<CertificateApplication>> HandleAsync(Account actor, Guid applicationId, Decision decision, string? reason, CancellationToken ct)
    {
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
            case Decision.Approve:
                var issued = await issuer.IssueAsync(application, actor, ct);
                if (!issued.Succeeded)
                {
                    return issued.Failure!;
                }
                failure = application.Approve(actor.Id, issued.Value!.Id, now);
                break;
            case Decision.Refuse:
            case Decision.Supplement:
                var text = reason?.Trim();
                if (string.IsNullOrEmpty(text) || text.Length > 500)
                {
                    return ValidationFailed.Single("reason", "say why (1 to 500 characters): the applicant reads it");
                }
                failure = decision == Decision.Refuse ? application.Refuse(actor.Id, text, now) : application.RequestSupplement(actor.Id, text, now);
                break;
            default:
                return ValidationFailed.Single("decision", "must be approve, refuse or supplement");
        }
        if (failure is not null)
        {
            return failure;
        }
        await db.SaveChangesAsync(ct);
        return application;
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
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var merged = new Dictionary<string, string>(application.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? [])
        {
            merged[name] = value;
        }
        foreach (var field in item.Fields)
        {
            if (field.Validate(merged.GetValueOrDefault(field.Name), today) is { } problem)
            {
                errors.Add($"fields.{field.Name}", problem);
            }
        }
        foreach (var unknown in merged.Keys.Where(k => item.Fields.All(f => f.Name != k)))
        {
            errors.Add($"fields.{unknown}", "is not a field of this item");
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (application.Resubmit(merged, clock.GetUtcNow()) is { } failure)
        {
            return failure;
        }
        await db.SaveChangesAsync(ct);
        return application;
    }
}
