using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications.Drafts;

/// <summary>
/// Saving, finding, listing and discarding one's own drafts. A draft holds what the form holds — only the
/// form's own fields, each within its length and free of control characters — and nothing is required: the
/// checks that make an application complete run when it is submitted.
/// </summary>
public sealed class Drafts(OneWindowDb db, TimeProvider clock, IOptions<DraftOptions> options)
{
    /// <summary>What is saved; <paramref name="Version"/> (the one loaded) makes a save from an older copy answer 409 instead of overwriting newer answers.</summary>
    public sealed record Save(string? DivisionCode, Dictionary<string, string>? Fields, DeliveryMethod? Delivery, string? DeliveryAddress, int? Version);

    public async Task<Outcome<FormDraft>> SaveAsync(Account applicant, string code, Save save, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        ArgumentNullException.ThrowIfNull(save);
        var form = await FormAsync(applicant, code, ct);
        if (!form.Succeeded)
        {
            return form.Failure!;
        }
        var errors = new FieldErrors();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = form.Value!.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var (name, raw) in save.Fields ?? [])
        {
            if (!known.TryGetValue(name, out var field))
            {
                errors.Add($"fields.{name}", Texts.T("is not a field of this form"));
                continue;
            }
            var value = TextInput.Clean(raw ?? "");
            if (value.Length > field.EffectiveMaxLength)
            {
                errors.Add($"fields.{name}", Texts.T("must be at most {0} characters", field.EffectiveMaxLength));
            }
            else if (TextInput.Problem(value, field.Type == FieldType.Text && field.EffectiveMaxLength > 200) is { } problem)
            {
                errors.Add($"fields.{name}", problem);
            }
            else if (value.Length > 0)
            {
                fields[name] = value;
            }
        }
        var division = string.IsNullOrWhiteSpace(save.DivisionCode) ? null : save.DivisionCode.Trim();
        if (division is not null && (division.Length > 12 || !division.All(char.IsAsciiDigit)))
        {
            errors.Add("divisionCode", Texts.T("must be up to 12 digits"));
        }
        var address = string.IsNullOrWhiteSpace(save.DeliveryAddress) ? null : TextInput.Clean(save.DeliveryAddress);
        if (address is not null && (address.Length > SubmitApplication.MaxAddressLength || TextInput.Problem(address) is not null))
        {
            errors.Add("deliveryAddress", Texts.T("must be at most {0} characters of plain text", SubmitApplication.MaxAddressLength));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            // A person keeps a handful of drafts: read them all (SQLite compares no DateTimeOffset in SQL) and let expired ones go with this save.
            var mine = await db.FormDrafts.Where(d => d.ApplicantId == applicant.Id).ToListAsync(ct);
            var expired = mine.Where(d => d.SavedAt <= now - options.Value.KeptFor).ToList();
            db.FormDrafts.RemoveRange(expired);
            var draft = mine.Except(expired).FirstOrDefault(d => d.Code == code);
            if (draft is not null && save.Version is { } version && version != draft.Version)
            {
                return new StateConflict(Texts.T("This draft was saved elsewhere since you opened it (version {0}); reload it before saving", draft.Version), draft.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (draft is null)
            {
                if (mine.Count - expired.Count >= options.Value.MaxPerApplicant)
                {
                    return new StateConflict(Texts.T("You keep {0} drafts already; submit or discard one first", mine.Count - expired.Count));
                }
                if (expired.Any(d => d.Code == code))
                {
                    await db.SaveChangesAsync(ct); // the expired draft of this form goes first: the new one takes its key
                }
                draft = new FormDraft { ApplicantId = applicant.Id, Code = code, CreatedAt = now };
                db.FormDrafts.Add(draft);
            }
            draft.DivisionCode = division;
            draft.Fields = fields;
            draft.Delivery = save.Delivery;
            draft.DeliveryAddress = address;
            draft.SavedAt = now;
            draft.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return draft;
            }
            catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex) || ex is DbUpdateConcurrencyException)
            {
                // Saved at the same moment from another tab. Without a version this save is the newer one:
                // save over that one (a few times at most); with a version the check above answers.
                db.ChangeTracker.Clear();
                if (attempt >= 4)
                {
                    return new StateConflict(Texts.T("This draft is being saved from elsewhere at this moment; save again"));
                }
            }
        }
    }

    /// <summary>The applicant's draft for a bundle or item, if one is kept.</summary>
    public async Task<FormDraft?> FindAsync(Account applicant, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var since = clock.GetUtcNow() - options.Value.KeptFor;
        var draft = await db.FormDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.ApplicantId == applicant.Id && d.Code == code, ct);
        return draft is not null && draft.SavedAt > since ? draft : null;
    }

    /// <summary>The applicant's kept drafts, the most recently saved first.</summary>
    public async Task<IReadOnlyList<FormDraft>> ListAsync(Account applicant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var since = clock.GetUtcNow() - options.Value.KeptFor;
        return [.. (await db.FormDrafts.AsNoTracking().Where(d => d.ApplicantId == applicant.Id).ToListAsync(ct))
            .Where(d => d.SavedAt > since).OrderByDescending(d => d.SavedAt).Take(options.Value.MaxPerApplicant)];
    }

    /// <summary>Discards the draft; true when there was one.</summary>
    public async Task<bool> DiscardAsync(Account applicant, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        return await db.FormDrafts.Where(d => d.ApplicantId == applicant.Id && d.Code == code).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>When it was saved last, and until when it is kept.</summary>
    public DateTimeOffset KeptUntil(FormDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.SavedAt + options.Value.KeptFor;
    }

    /// <summary>The form of a bundle or item this applicant may apply for, or why not.</summary>
    private async Task<Outcome<IReadOnlyList<FormField>>> FormAsync(Account applicant, string code, CancellationToken ct)
    {
        if (ApplicantAudience.KindOf(applicant) is not { } kind)
        {
            return new Forbidden(Texts.T("Drafts are kept for the people who apply; staff file on someone's behalf at the window"));
        }
        var bundle = await CatalogQueries.BundleAsync(db, code, ct);
        if (bundle is not null)
        {
            return ApplicantAudience.Refuse(bundle.Name, bundle.Audience, kind) is { } refused ? refused : Outcome<IReadOnlyList<FormField>>.From(bundle.Fields);
        }
        var item = await CatalogQueries.ItemAsync(db, code, ct);
        if (item is null)
        {
            return new Missing("Bundle or item");
        }
        return ApplicantAudience.Refuse(item.Name, item.Audience, kind) is { } refusedItem ? refusedItem : Outcome<IReadOnlyList<FormField>>.From(item.Fields);
    }
}
