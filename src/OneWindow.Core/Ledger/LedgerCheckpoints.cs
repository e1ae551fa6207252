using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OneWindow.Ledger;

/// <summary>A published checkpoint with every signature it carries.</summary>
public sealed record PublishedCheckpoint(Checkpoint Checkpoint, long Timestamp, byte[] TreeHeadSignature, NoteSignature LogSignature, IReadOnlyList<NoteSignature> Cosignatures)
{
    public string Note => Checkpoint.ToNote([LogSignature, .. Cosignatures]);
}

/// <summary>
/// Signs and publishes checkpoints: a new one when the log has grown and the last is older than the
/// configured interval, so witnesses see a stable head to cosign.
/// </summary>
public sealed class LedgerCheckpoints(OneWindowDb db, LedgerKeys keys, IOptions<LedgerOptions> options, TimeProvider clock)
{
    public async Task<PublishedCheckpoint> LatestAsync(CancellationToken ct)
    {
        var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct);
        var state = await new LedgerReader(db).StateAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (latest is null || (state.Size > latest.Size && now - latest.Timestamp >= (long)options.Value.CheckpointInterval.TotalMilliseconds))
        {
            latest = await PublishAsync(state, now, ct);
        }
        return await DescribeAsync(latest, ct);
    }

    /// <summary>A published checkpoint of exactly <paramref name="size"/>, if there is one.</summary>
    public async Task<PublishedCheckpoint?> OfSizeAsync(long size, CancellationToken ct)
    {
        var row = await db.LedgerCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Size == size, ct);
        return row is null ? null : await DescribeAsync(row, ct);
    }

    private async Task<LedgerCheckpoint> PublishAsync(LedgerReader.State state, long now, CancellationToken ct)
    {
        var (keyId, key, signer) = await keys.ActiveAsync(db, ct);
        var checkpoint = new Checkpoint(keys.Origin, state.Size, state.Root);
        var row = new LedgerCheckpoint
        {
            Size = state.Size,
            Root = state.Root,
            Timestamp = now,
            TreeHeadSignature = new TreeHead(state.Size, now, state.Root).Sign(signer),
            NoteSignature = checkpoint.SignAsLog(key, signer).ToLine().TrimEnd('\n'),
            KeyId = keyId,
        };
        db.LedgerCheckpoints.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request or process published this size first: use theirs.
            db.ChangeTracker.Clear();
            return await db.LedgerCheckpoints.AsNoTracking().FirstAsync(c => c.Size == state.Size, ct);
        }
        db.ChangeTracker.Clear();
        return row;
    }

    private async Task<PublishedCheckpoint> DescribeAsync(LedgerCheckpoint row, CancellationToken ct)
    {
        var key = await db.LedgerKeys.AsNoTracking().FirstAsync(k => k.Id == row.KeyId, ct);
        var checkpoint = new Checkpoint(key.Name, row.Size, row.Root);
        var logSignature = Checkpoint.Parse(checkpoint.Body + "\n" + row.NoteSignature + "\n")!.Value.Signatures[0];
        var lines = await db.LedgerCosignatures.AsNoTracking().Where(c => c.Size == row.Size).OrderBy(c => c.Witness).Select(c => c.Line).ToListAsync(ct);
        var cosignatures = lines.Count == 0 ? [] : Checkpoint.Parse(checkpoint.Body + "\n" + string.Join("\n", lines) + "\n")!.Value.Signatures;
        return new PublishedCheckpoint(checkpoint, row.Timestamp, row.TreeHeadSignature, logSignature, cosignatures);
    }
}
