using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Formats;
using OneWindow.Identity;

namespace OneWindow.DataSharing;

/// <summary>The rules of who may do what with shared data, in one place.</summary>
public static class SharedDataAccess
{
    /// <summary>Staff (or the system) of a unit of the item's owner department write its records.</summary>
    public static async Task<Failure?> RefuseWriterAsync(OneWindowDb db, Account actor, SharedDataItem item, CancellationToken ct)
    {
        var unit = actor.Kind == AccountKind.Staff && actor.UnitId is { } id ? await UnitQueries.FindAsync(db, id, ct) : null;
        return unit is not null && unit.Department == item.Owner && (actor.Roles & (StaffRoles.Clerk | StaffRoles.Reviewer | StaffRoles.UnitAdmin)) != 0
            ? null
            : new Forbidden(Texts.T("Only the owner department ({0}) writes records of {1}", item.Owner.Name(), item.Name));
    }

    /// <summary>
    /// An admin of a unit of the owner department whose division contains the consumer's decides a grant — the
    /// owner's own line, never a platform admin on the owner's behalf.
    /// </summary>
    public static async Task<Failure?> RefuseOwnerAdminAsync(OneWindowDb db, Account actor, SharedDataItem item, Guid consumerUnitId, CancellationToken ct)
    {
        var own = actor.Kind == AccountKind.Staff && actor.UnitId is { } id && actor.Has(StaffRoles.UnitAdmin) ? await UnitQueries.FindAsync(db, id, ct) : null;
        var consumer = await UnitQueries.FindAsync(db, consumerUnitId, ct);
        return own is not null && consumer is not null && own.Department == item.Owner
            && consumer.DivisionCode.StartsWith(Divisions.Division.ScopePrefix(own.DivisionCode), StringComparison.Ordinal)
            ? null
            : new Forbidden(Texts.T("Only an admin of the owner department ({0}) over the consumer's division decides grants of {1}", item.Owner.Name(), item.Name));
    }

    /// <summary>Checks and normalises a subject's identifier for the item's kind of subject.</summary>
    public static Outcome<string> Subject(SharedDataItem item, string? subject, DateOnly today)
    {
        var text = (subject ?? "").Trim().ToUpperInvariant();
        if (item.Subject == DataSubjectKind.Resident)
        {
            var parsed = ResidentIdNumber.Parse(text, today);
            return parsed.IsValid ? parsed.Value!.Value : ValidationFailed.Single("subject", Texts.T("is not a valid identity number: {0}", parsed.Reason!));
        }
        var code = UnifiedSocialCreditCode.Parse(text);
        return code.IsValid ? text : ValidationFailed.Single("subject", Texts.T("is not a valid unified social credit code: {0}", code.Reason!));
    }
}
