using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// The competent unit asks for a supplement (补正): exactly which of the task's fields and which of its
/// item's materials, and why. The task's clock pauses until the applicant answers.
/// </summary>
public static class RequestSupplement
{
    public sealed record Request(List<string>? Fields, List<string>? Materials, string? Note);

    public static async Task<Outcome<Application>> HandleAsync(Account actor, Guid caseId, Guid taskId, Request request, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var found = await TaskAccess.ForStaffAsync(db, actor, caseId, taskId, StaffRoles.Clerk | StaffRoles.Reviewer, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }
        var (application, task) = found.Value;
        var item = await CatalogQueries.ItemAsync(db, task.ItemCode, ct) ?? throw new InvalidOperationException($"The catalog has no item {task.ItemCode}");
        var errors = new FieldErrors();
        var note = TextInput.Note(request.Note, "note");
        if (!note.Succeeded)
        {
            errors.AddAll(note.Failure!, "note");
        }
        var fields = request.Fields ?? [];
        var materials = request.Materials ?? [];
        foreach (var name in fields.Where(n => item.Fields.All(f => f.Name != n)))
        {
            errors.Add("fields", Texts.T("{0} is not a field of {1}", name, item.Name));
        }
        foreach (var code in materials.Where(c => item.Materials.All(m => m.Code != c)))
        {
            errors.Add("materials", Texts.T("{0} is not a material of {1}", code, item.Name));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return application.RequestSupplement(taskId, actor.Id, fields, materials, note.Value!, clock.GetUtcNow(), today) is { } failure
            ? failure
            : await TaskAccess.SaveAsync(db, application, taskId, ct);
    }
}
