using OneWindow.Common;

namespace OneWindow.Applications;

/// <summary>
/// An application for a certificate item (申请). Its status changes only through the methods below,
/// each of which checks the current state.
/// </summary>
public sealed class CertificateApplication
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string ItemCode { get; init; }

    public required Guid ApplicantId { get; init; }

    /// <summary>The clerk who filed on the applicant's behalf (帮办代办), if any.</summary>
    public Guid? FiledById { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>The village (12-digit code) the applicant lives in; routing starts here.</summary>
    public required string DivisionCode { get; init; }

    /// <summary>The competent unit whose queue it is in.</summary>
    public required Guid UnitId { get; init; }

    public Dictionary<string, string> Fields { get; set; } = [];

    public ApplicationStatus Status { get; private set; } = ApplicationStatus.Submitted;

    public string? Reason { get; private set; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The promised time limit in working days (承诺时限), as the catalog said when it was submitted.</summary>
    public int? TimeLimitDays { get; init; }

    /// <summary>The promised date, in working days from submission; null while the calendar of its year is not loaded.</summary>
    public DateOnly? DueDate { get; private set; }

    /// <summary>The due date waits for next year's official calendar (shown as "pending calendar").</summary>
    public bool DueDatePending => DueDate is null && TimeLimitDays is not null;

    public void SetDueDate(DateOnly due) => DueDate = due;

    public Guid? ReviewerId { get; private set; }

    public Guid? CertificateId { get; private set; }

    /// <summary>Bumped by every transition; the database refuses a save based on a stale version (optimistic concurrency).</summary>
    public int Version { get; private set; }

    public Failure? Approve(Guid reviewer, Guid certificateId, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Submitted)
        {
            return new StateConflict($"An application that is {Status} cannot be approved", EnumText.Of(Status));
        }
        Version++;
        Status = ApplicationStatus.Approved;
        ReviewerId = reviewer;
        CertificateId = certificateId;
        Reason = null;
        UpdatedAt = now;
        return null;
    }

    public Failure? Refuse(Guid reviewer, string reason, DateTimeOffset now) => Decide(ApplicationStatus.Refused, reviewer, reason, now);

    public Failure? RequestSupplement(Guid reviewer, string whatIsMissing, DateTimeOffset now) => Decide(ApplicationStatus.SupplementRequested, reviewer, whatIsMissing, now);

    /// <summary>The applicant answers a supplement request with corrected fields; the same application goes back to the queue.</summary>
    public Failure? Resubmit(Dictionary<string, string> fields, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.SupplementRequested)
        {
            return new StateConflict("Only an application waiting for a supplement can be resubmitted", EnumText.Of(Status));
        }
        Version++;
        Fields = fields;
        Status = ApplicationStatus.Submitted;
        UpdatedAt = now;
        return null;
    }

    private StateConflict? Decide(ApplicationStatus status, Guid reviewer, string reason, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Submitted)
        {
            return new StateConflict($"An application that is {Status} cannot be decided again", EnumText.Of(Status));
        }
        Version++;
        Status = status;
        ReviewerId = reviewer;
        Reason = reason;
        UpdatedAt = now;
        return null;
    }
}
