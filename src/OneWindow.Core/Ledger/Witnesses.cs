using Microsoft.EntityFrameworkCore;
using OneWindow.Common;

namespace OneWindow.Ledger;

/// <summary>Registering witnesses and accepting their cosignatures of published checkpoints.</summary>
public static class Witnesses
{
    public sealed record Registered(string Name, string VerifierKey);

    public static async Task<Outcome<Registered>> RegisterAsync(string? name, string? verifierKey, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var key = NoteKey.ParseVerifierKey(verifierKey);
        var errors = new FieldErrors();
        if (key is null || key.Algorithm != NoteKey.Ed25519Cosignature)
        {
            errors.Add("verifierKey", Texts.T("must be a cosignature/v1 verifier key: name+keyid+base64(0x04 ‖ Ed25519 public key)"));
        }
        else if (key.Name != name)
        {
            errors.Add("name", Texts.T("must match the verifier key's name {0}", key.Name));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        if (await db.LedgerWitnesses.AnyAsync(w => w.Name == key!.Name, ct))
        {
            return new StateConflict(Texts.T("A witness named {0} is already registered", key!.Name));
        }
        db.LedgerWitnesses.Add(new LedgerWitness { Name = key!.Name, PublicKey = key.PublicKey, RegisteredAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return new Registered(key.Name, key.ToVerifierKey());
    }

    public static async Task<IReadOnlyList<NoteKey>> ListAsync(OneWindowDb db, CancellationToken ct) =>
        [.. (await db.LedgerWitnesses.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct)).Select(w => new NoteKey(w.Name, NoteKey.Ed25519Cosignature, w.PublicKey))];

    /// <summary>
    /// Accepts a checkpoint note carrying cosignatures: the checkpoint must be one the log published,
    /// and each accepted line must verify under a registered witness key (the signature is the
    /// witness's authentication).
    /// </summary>
    public static async Task<Outcome<IReadOnlyList<string>>> AcceptCosignaturesAsync(string? note, OneWindowDb db, CancellationToken ct)
    {
        var parsed = Checkpoint.Parse(note);
        if (parsed is not { } p)
        {
            return ValidationFailed.Single("note", Texts.T("is not a signed checkpoint note (origin, size, root hash, blank line, signature lines)"));
        }
        var published = await db.LedgerCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Size == p.Checkpoint.Size, ct);
        var origin = published is null ? null : await db.LedgerKeys.AsNoTracking().Where(k => k.Id == published.KeyId).Select(k => k.Name).FirstAsync(ct);
        if (published is null || origin != p.Checkpoint.Origin || !published.Root.AsSpan().SequenceEqual(p.Checkpoint.RootHash))
        {
            return new StateConflict(Texts.T("This log never published that checkpoint"));
        }
        var witnesses = (await ListAsync(db, ct)).ToDictionary(w => w.Name, StringComparer.Ordinal);
        var accepted = new List<string>();
        foreach (var signature in p.Signatures)
        {
            if (!witnesses.TryGetValue(signature.Name, out var key) || p.Checkpoint.VerifyCosignature(key, signature) is not { } timestamp)
            {
                continue;
            }
            var existing = await db.LedgerCosignatures.FirstOrDefaultAsync(c => c.Size == p.Checkpoint.Size && c.Witness == key.Name, ct);
            if (existing is not null)
            {
                db.LedgerCosignatures.Remove(existing);
            }
            db.LedgerCosignatures.Add(new LedgerCosignature { Size = p.Checkpoint.Size, Witness = key.Name, Timestamp = timestamp, Line = signature.ToLine().TrimEnd('\n') });
            accepted.Add(key.Name);
        }
        if (accepted.Count == 0)
        {
            return new Forbidden(Texts.T("No signature line verifies under a registered witness key"));
        }
        await db.SaveChangesAsync(ct);
        return accepted;
    }

    /// <summary>How many distinct <paramref name="trusted"/> witnesses validly cosigned the checkpoint.</summary>
    public static int CountValid(Checkpoint checkpoint, IEnumerable<NoteSignature> signatures, IReadOnlyList<NoteKey> trusted) =>
        trusted.Count(key => signatures.Any(s => checkpoint.VerifyCosignature(key, s) is not null));
}
