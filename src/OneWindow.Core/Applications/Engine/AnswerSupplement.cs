using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>The applicant answers a supplement on the same case: only the fields asked for, each checked by its item's rules; the task's clock resumes.</summary>
public static class AnswerSupplement
{
    public sealed record Request(Dictionary<string, string>? Fields);

    public static async Task<Outcome<Application>> HandleAsync(Account actor, Guid caseId, Guid taskId, Request request, OneWindowDb db, CalendarCache calendars, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var found = await TaskAccess.ForApplicantAsync(db, actor, caseId, taskId, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (application, task) = found.Value;
        if (task.State != TaskState.SupplementRequested)
        {
            return new StateConflict(Texts.T("Only a task waiting for a supplement is answered"), EnumText.Of(task.State)); // before the fields: they were not asked for at all
        }
        var item = await CatalogQueries.ItemAsync(db, task.ItemCode, ct) ?? throw new InvalidOperationException($"The catalog has no item {task.ItemCode}");
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var asked = item.Fields.Where(f => task.SupplementFields.Contains(f.Name)).Select(f => f with { Required = true });
        var given = request.Fields ?? [];
        var errors = new FieldErrors();
        foreach (var name in given.Keys.Where(k => !task.SupplementFields.Contains(k)))
        {
            errors.Add($"fields.{name}", Texts.T("was not asked for in this supplement"));
        }
        var corrected = ApplicationPlanner.Validate(asked, given.Where(g => task.SupplementFields.Contains(g.Key)).ToDictionary(), today);
        if (!corrected.Succeeded)
        {
            errors.AddAll(corrected.Failure!, "fields");
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var calendar = await calendars.GetAsync(db, ct);
        return application.AnswerSupplement(taskId, actor.Id, corrected.Value!, calendar, clock.GetUtcNow(), today) is { } failure
            ? failure
            : await TaskAccess.SaveAsync(db, application, taskId, ct);
    }
}
