using System.Text.RegularExpressions;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// Staff of the task's unit hand over a physical result (a document or card): ready for collection at the
/// window, or mailed with the carrier and tracking number; then handed over. Each step is recorded on the
/// applicant's timeline; of two simultaneous steps one is saved, the other answers 409.
/// </summary>
public static partial class HandOverResult
{
    public const int MaxCarrierLength = 40;
    public const int MaxTrackingNumberLength = 40;

    public sealed record Request(Handover? Step, string? Carrier, string? TrackingNumber);

    public static async Task<Outcome<Application>> HandleAsync(Account actor, Guid caseId, Guid taskId, Request request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Step is not (Handover.ReadyForCollection or Handover.Mailed or Handover.HandedOver))
        {
            errors.Add("step", Texts.T("must be ready-for-collection, mailed or handed-over"));
        }
        string? carrier = null, tracking = null;
        if (request.Step == Handover.Mailed)
        {
            carrier = TextInput.Clean(request.Carrier ?? "");
            tracking = (request.TrackingNumber ?? "").Trim().ToUpperInvariant();
            if (carrier.Length is 0 or > MaxCarrierLength || TextInput.Problem(carrier) is not null)
            {
                errors.Add("carrier", Texts.T("name the postal carrier (at most {0} characters)", MaxCarrierLength));
            }
            if (!TrackingNumber().IsMatch(tracking))
            {
                errors.Add("trackingNumber", Texts.T("must be 6 to {0} letters, digits or hyphens", MaxTrackingNumberLength));
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var found = await TaskAccess.ForStaffAsync(db, actor, caseId, taskId, StaffRoles.Clerk | StaffRoles.Reviewer, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (application, _) = found.Value;
        return application.HandOver(taskId, actor.Id, request.Step!.Value, carrier, tracking, clock.GetUtcNow()) is { } failure
            ? failure
            : await TaskAccess.SaveAsync(db, application, taskId, ct);
    }

    [GeneratedRegex("^[A-Z0-9-]{6,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TrackingNumber();
}
