using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>A clerk or reviewer of the competent unit accepts a queued task (受理).</summary>
public static class AcceptTask
{
    public static async Task<Outcome<Application>> HandleAsync(Account actor, Guid caseId, Guid taskId, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await TaskAccess.ForStaffAsync(db, actor, caseId, taskId, StaffRoles.Clerk | StaffRoles.Reviewer, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (application, _) = found.Value;
        return application.Accept(taskId, actor.Id, clock.GetUtcNow()) is { } failure ? failure : await TaskAccess.SaveAsync(db, application, taskId, ct);
    }
}
