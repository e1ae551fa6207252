using Microsoft.EntityFrameworkCore;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>Loading a case for one of its tasks, with the rule of who may act on it, and saving a change to it exactly once.</summary>
internal static class TaskAccess
{
    /// <summary>
    /// The case and task, when <paramref name="actor"/> is staff of the task's unit with one of
    /// <paramref name="roles"/>. Anyone else learns only that there is no such task (404), not whose it is.
    /// </summary>
    public static async Task<Outcome<(Application Case, ApplicationTask Task)>> ForStaffAsync(OneWindowDb db, Account actor, Guid caseId, Guid taskId, StaffRoles roles, CancellationToken ct)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == caseId, ct);
        var task = application?.Task(taskId);
        if (application is null || task is null || actor.Kind != AccountKind.Staff || actor.UnitId != task.UnitId)
        {
            return new Missing("Task");
        }
        if ((actor.Roles & roles) == 0)
        {
            return new Forbidden(Texts.T("Only a {0} of the competent unit does this", roles.Name()));
        }
        return (application, task);
    }

    /// <summary>The case and task, when <paramref name="actor"/> is its applicant.</summary>
    public static async Task<Outcome<(Application Case, ApplicationTask Task)>> ForApplicantAsync(OneWindowDb db, Account actor, Guid caseId, Guid taskId, CancellationToken ct)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == caseId && a.ApplicantId == actor.Id, ct);
        var task = application?.Task(taskId);
        return application is null || task is null ? new Missing("Task") : (application, task);
    }

    /// <summary>Saves against the case's version: of two simultaneous changes one is saved, the other answers 409 with the task's state now.</summary>
    public static async Task<Outcome<Application>> SaveAsync(OneWindowDb db, Application application, Guid taskId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return application;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await LostRaceAsync(db, taskId, ct);
        }
    }

    /// <summary>The 409 for a change that lost to a simultaneous one, with the task's state now.</summary>
    public static async Task<Failure> LostRaceAsync(OneWindowDb db, Guid taskId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = await db.ApplicationTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.State).FirstAsync(ct);
        return new StateConflict(Texts.T("Someone else changed this case just now; the task is {0}", now.Name()), EnumText.Of(now));
    }
}
