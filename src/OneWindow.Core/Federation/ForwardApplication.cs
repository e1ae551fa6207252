using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Federation;

/// <summary>
/// 跨省通办, the forwarding side: a person applies here for a matter whose village lies in a region another platform
/// serves. The form is checked here by the same rules as any submission; the case is kept here as a
/// <see cref="ForwardedCase"/> and its forward is written to the outbox in the same save, with its ledger entry, so it
/// is delivered when the other platform can be reached — once — and the person follows it here.
/// </summary>
public static class ForwardApplication
{
    public const string Type = "application.forward";

    /// <summary>The case here and whether an earlier submission with the same idempotency key made it.</summary>
    public sealed record Forwarded(ForwardedCase Case, bool Replayed);

    public static async Task<Outcome<Forwarded>> HandleAsync(Account actor, SubmitApplication.Request request, string? idempotencyKey, FederationOptions.Peer peer,
        OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(services);
        if (actor.Kind != AccountKind.Resident)
        {
            return new Forbidden(Texts.T("Applications to another region's platform are made by residents for themselves; organisations and clerks apply to the platform of the matter's region"));
        }
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > SubmitApplication.MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return ValidationFailed.Single("Idempotency-Key", Texts.T("must be 1 to {0} visible ASCII characters", SubmitApplication.MaxIdempotencyKeyLength));
        }
        if (idempotencyKey is not null && await db.ForwardedCases.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicantId == actor.Id && c.IdempotencyKey == idempotencyKey, ct) is { } earlier)
        {
            return new Forwarded(earlier, true);
        }
        var check = await SubmitApplication.CheckAsync(actor, request, db, services.References, services.Clock, ct);
        if (!check.Succeeded)
        {
            return check.Failure!;
        }
        var matter = check.Value!;
        var now = services.Clock.GetUtcNow();
        var forwarded = new ForwardedCase
        {
            ApplicantId = actor.Id,
            Peer = peer.Region,
            BundleCode = matter.BundleCode,
            ItemCode = matter.ItemCode,
            Name = matter.Name,
            NameEn = matter.NameEn,
            DivisionCode = matter.DivisionCode,
            Form = matter.Form,
            IdempotencyKey = idempotencyKey,
            SubmittedAt = now.ToUnixTimeMilliseconds(),
            UpdatedAt = now.ToUnixTimeMilliseconds(),
            State = ForwardedState.Sending,
        };
        var body = new JsonObject
        {
            ["caseId"] = forwarded.Id.ToString(),
            ["bundleCode"] = matter.BundleCode,
            ["itemCode"] = matter.ItemCode,
            ["divisionCode"] = matter.DivisionCode,
            ["form"] = new JsonObject([.. matter.Form.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
            ["applicant"] = new JsonObject { ["idNumber"] = actor.IdNumber, ["name"] = actor.RealName },
            ["submittedAt"] = forwarded.SubmittedAt,
        };
        db.ForwardedCases.Add(forwarded);
        FederationOutbox.Queue(db, services.Options, peer.Region, Type, forwarded.Id, 0, body, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex) && idempotencyKey is not null)
        {
            db.ChangeTracker.Clear();
            return new Forwarded(await db.ForwardedCases.AsNoTracking().FirstAsync(c => c.ApplicantId == actor.Id && c.IdempotencyKey == idempotencyKey, ct), true);
        }
        services.Outbox.Wake();
        return new Forwarded(forwarded, false);
    }

    /// <summary>The person's own forwarded cases, newest first.</summary>
    public static Task<List<ForwardedCase>> MineAsync(OneWindowDb db, Guid applicantId, int limit, CancellationToken ct) =>
        db.ForwardedCases.AsNoTracking().Where(c => c.ApplicantId == applicantId).OrderByDescending(c => c.SubmittedAt).Take(limit).ToListAsync(ct);

    /// <summary>One forwarded case of the person's; anyone else's is not found.</summary>
    public static async Task<Outcome<ForwardedCase>> OneAsync(OneWindowDb db, Guid applicantId, Guid id, CancellationToken ct) =>
        await db.ForwardedCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicantId, ct) is { } found
            ? found
            : new Missing("Application");

    /// <summary>The outgoing messages of a forwarded case (to tell the person whether it has reached the other platform).</summary>
    public static Task<List<FederationMessage>> MessagesAsync(OneWindowDb db, Guid caseId, CancellationToken ct) =>
        db.FederationMessages.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.CreatedAt).ToListAsync(ct);
}
