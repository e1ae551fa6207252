using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Common;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Security;

namespace OneWindow.Certificates;

/// <summary>Seals and signature specimens: made or uploaded by the unit admin, registered (备案) by an admin above it on its supervising line.</summary>
public sealed class Seals(OneWindowDb db, KeyEncryption encryption, VerificationCache cache, IOptions<CertificateOptions> options, TimeProvider clock)
{
    public const string KeyPurpose = "onewindow/seal-key";

    /// <summary>Makes a seal for a unit: a new Ed25519 key pair and the generated (or uploaded) seal image.</summary>
    public async Task<Outcome<Seal>> CreateAsync(Account actor, Guid unitId, byte[]? uploadedImage, CancellationToken ct)
    {
        var unit = await UnitQueries.FindAsync(db, unitId, ct);
        if (unit is null)
        {
            return new Missing("Unit");
        }
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.SubmitSeal, ct) is { } denied)
        {
            return denied;
        }
        if (uploadedImage is not null && !SealImage.IsAcceptableImage(uploadedImage, out var problem))
        {
            return ValidationFailed.Single("imagePng", problem!);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Seals.AnyAsync(s => s.UnitId == unitId && s.Status == RegistrationStatus.Submitted, ct))
        {
            return PendingSeal;
        }
        var seal = await NewSealAsync(unit, actor.Id, uploadedImage, ct);
        db.Seals.Add(seal);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            return PendingSeal; // a concurrent submission for the same unit won
        }
        return seal;
    }

    private static StateConflict PendingSeal => new(Texts.T("A seal of this unit is already waiting for registration; register or reject it first"), "submitted");

    internal async Task<Seal> NewSealAsync(Unit unit, Guid submittedBy, byte[]? image, CancellationToken ct)
    {
        var version = await db.Seals.CountAsync(s => s.UnitId == unit.Id, ct) + 1;
        var pair = Ed25519.Generate();
        var now = clock.GetUtcNow();
        return new Seal
        {
            UnitId = unit.Id,
            KeyId = $"seal:{unit.CreditCode}:{version}",
            PublicKey = pair.PublicKey,
            EncryptedPrivateKey = encryption.Wrap(pair.PrivateKey, KeyPurpose),
            ImagePng = image ?? SealImage.Render(unit.Name),
            Status = RegistrationStatus.Submitted,
            SubmittedBy = submittedBy,
            SubmittedAt = now,
            ValidFrom = now,
            ValidUntil = now.AddDays(options.Value.SealValidityDays),
        };
    }

    /// <summary>An admin of the level above registers or rejects a seal; registering a new seal retires the unit's previous one.</summary>
    public async Task<Outcome<Seal>> ReviewSealAsync(Account actor, Guid sealId, bool approve, string? note, CancellationToken ct)
    {
        var seal = await db.Seals.FirstOrDefaultAsync(s => s.Id == sealId, ct);
        if (seal is null)
        {
            return new Missing("Seal");
        }
        if (await Authority.CheckAsync(db, actor, seal.UnitId, AuthorityAction.RegisterSeal, ct) is { } denied)
        {
            return denied;
        }
        if (seal.Status != RegistrationStatus.Submitted)
        {
            return new StateConflict(Texts.T("The seal is {0}, not waiting for registration", seal.Status.Name()));
        }
        var reviewNote = TextInput.Note(note, "note", required: !approve);
        if (!reviewNote.Succeeded)
        {
            return reviewNote.Failure!;
        }
        var now = clock.GetUtcNow();
        // Two decisions at once: the first takes the row while it is still waiting; the other finds it decided.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Seals.Where(s => s.Id == seal.Id && s.Status == RegistrationStatus.Submitted)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ReviewedAt, now), ct) == 0)
        {
            return new StateConflict(Texts.T("The seal is {0}, not waiting for registration", (await db.Seals.AsNoTracking().Where(s => s.Id == seal.Id).Select(s => s.Status).FirstAsync(ct)).Name()));
        }
        if (approve)
        {
            var previous = await db.Seals.Where(s => s.UnitId == seal.UnitId && s.Status == RegistrationStatus.Registered && s.RetiredAt == null).ToListAsync(ct);
            previous.ForEach(p => p.RetiredAt = now);
        }
        seal.Status = approve ? RegistrationStatus.Registered : RegistrationStatus.Rejected;
        seal.ReviewedBy = actor.Id;
        seal.ReviewedAt = now;
        seal.ReviewNote = reviewNote.Value;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        cache.ForgetKeys();
        return seal;
    }

    /// <summary>
    /// Revokes a seal (lost or compromised key): the unit's own admin or the level above may. Every
    /// certificate it signed then verifies as invalid, and the unit cannot issue until a new seal is registered.
    /// </summary>
    public async Task<Outcome<Seal>> RevokeSealAsync(Account actor, Guid sealId, string? reason, CancellationToken ct)
    {
        var seal = await db.Seals.FirstOrDefaultAsync(s => s.Id == sealId, ct);
        if (seal is null)
        {
            return new Missing("Seal");
        }
        if (await Authority.CheckAsync(db, actor, seal.UnitId, AuthorityAction.RevokeSeal, ct) is { } denied)
        {
            return denied;
        }
        var note = TextInput.Note(reason, "reason");
        if (!note.Succeeded)
        {
            return note.Failure!;
        }
        var text = note.Value!;
        if (seal.Status != RegistrationStatus.Registered)
        {
            return new StateConflict(Texts.T("Only a registered seal can be revoked; this one is {0}", seal.Status.Name()));
        }
        seal.Status = RegistrationStatus.Revoked;
        seal.ReviewNote = text;
        seal.RetiredAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        cache.ForgetKeys();
        return seal;
    }

    public async Task<Outcome<SignatureSpecimen>> SubmitSpecimenAsync(Account actor, Guid unitId, Guid reviewerId, byte[]? image, CancellationToken ct)
    {
        if (!await UnitQueries.ExistsAsync(db, unitId, ct))
        {
            return new Missing("Unit");
        }
        if (await Authority.CheckAsync(db, actor, unitId, AuthorityAction.SubmitSeal, ct) is { } denied)
        {
            return denied;
        }
        var reviewer = await AccountQueries.StaffOfAsync(db, reviewerId, unitId, ct);
        if (reviewer is null || !reviewer.Has(StaffRoles.Reviewer))
        {
            return ValidationFailed.Single("accountId", Texts.T("must be a reviewer of this unit"));
        }
        if (image is null)
        {
            return ValidationFailed.Single("imagePng", Texts.T("an image of the handwritten signature is required"));
        }
        if (!SealImage.IsAcceptableImage(image, out var problem))
        {
            return ValidationFailed.Single("imagePng", problem!);
        }
        var specimen = new SignatureSpecimen
        {
            AccountId = reviewerId,
            UnitId = unitId,
            ImagePng = image,
            Status = RegistrationStatus.Submitted,
            SubmittedBy = actor.Id,
            SubmittedAt = clock.GetUtcNow(),
        };
        db.SignatureSpecimens.Add(specimen);
        await db.SaveChangesAsync(ct);
        return specimen;
    }

    public async Task<Outcome<SignatureSpecimen>> ReviewSpecimenAsync(Account actor, Guid specimenId, bool approve, string? note, CancellationToken ct)
    {
        var specimen = await db.SignatureSpecimens.FirstOrDefaultAsync(s => s.Id == specimenId, ct);
        if (specimen is null)
        {
            return new Missing("Signature specimen");
        }
        if (await Authority.CheckAsync(db, actor, specimen.UnitId, AuthorityAction.RegisterSeal, ct) is { } denied)
        {
            return denied;
        }
        if (specimen.Status != RegistrationStatus.Submitted)
        {
            return new StateConflict(Texts.T("The specimen is {0}, not waiting for registration", specimen.Status.Name()));
        }
        var reviewNote = TextInput.Note(note, "note", required: !approve);
        if (!reviewNote.Succeeded)
        {
            return reviewNote.Failure!;
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.SignatureSpecimens.Where(s => s.Id == specimen.Id && s.Status == RegistrationStatus.Submitted)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ReviewedAt, now), ct) == 0)
        {
            return new StateConflict(Texts.T("The specimen is {0}, not waiting for registration", (await db.SignatureSpecimens.AsNoTracking().Where(s => s.Id == specimen.Id).Select(s => s.Status).FirstAsync(ct)).Name()));
        }
        if (approve)
        {
            var previous = await db.SignatureSpecimens.Where(s => s.AccountId == specimen.AccountId && s.Status == RegistrationStatus.Registered).ToListAsync(ct);
            previous.ForEach(p => p.Status = RegistrationStatus.Revoked);
        }
        specimen.Status = approve ? RegistrationStatus.Registered : RegistrationStatus.Rejected;
        specimen.ReviewedBy = actor.Id;
        specimen.ReviewedAt = now;
        specimen.ReviewNote = reviewNote.Value;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return specimen;
    }

    public byte[] PrivateKey(Seal seal) => encryption.Unwrap(seal.EncryptedPrivateKey, KeyPurpose);

    /// <summary>The ancestor of a division at a level, as a 12-digit code.</summary>
    public static string AncestorAt(string code, DivisionLevel level) => Division.Prefix(code, level).PadRight(12, '0');
}
