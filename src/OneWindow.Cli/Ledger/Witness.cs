using System.Globalization;
using System.Text.Json;
using OneWindow.Common;
using OneWindow.Ledger;

namespace OneWindow.Cli.Ledger;

/// <summary>
/// One witness run: fetch the log's latest checkpoint, check its signature and that it is consistent
/// with the last checkpoint this witness accepted, and only then cosign it and post the cosignature.
/// Anything else is an alarm: non-zero exit, and the evidence kept in the state directory.
/// </summary>
public sealed class Witness(CliContext context, RemoteLog log, WitnessKeyFile key, DirectoryInfo state, TimeProvider clock)
{
    private string StatePath(string name) => Path.Combine(state.FullName, name);

    public async Task<int> RunAsync(NoteKey? logKey, CancellationToken ct)
    {
        state.Create();
        logKey ??= await PinnedLogKeyAsync(ct);
        var note = await log.CheckpointAsync(ct);
        if (Checkpoint.Parse(note) is not { } received)
        {
            return await AlarmAsync("the log served a malformed checkpoint", null, note, null, ct);
        }
        var checkpoint = received.Checkpoint;
        var logSignature = received.Signatures.FirstOrDefault(s => checkpoint.VerifyLogSignature(logKey, s));
        if (logSignature is null)
        {
            return await AlarmAsync("the checkpoint is not signed by the log's key", null, note, null, ct);
        }
        var previousNote = File.Exists(StatePath("checkpoint")) ? await File.ReadAllTextAsync(StatePath("checkpoint"), ct) : null;
        var previous = previousNote is null ? null : Checkpoint.Parse(previousNote)?.Checkpoint;
        if (previous is not null)
        {
            if (previous.Origin != checkpoint.Origin)
            {
                return await AlarmAsync($"the log's origin changed from {previous.Origin} to {checkpoint.Origin}", previousNote, note, null, ct);
            }
            if (checkpoint.Size < previous.Size)
            {
                return await AlarmAsync($"the log shrank from {previous.Size} to {checkpoint.Size} entries: it was rolled back or rewritten", previousNote, note, null, ct);
            }
            if (checkpoint.Size == previous.Size && !checkpoint.RootHash.AsSpan().SequenceEqual(previous.RootHash))
            {
                return await AlarmAsync($"two different roots for size {checkpoint.Size}: the log forked", previousNote, note, null, ct);
            }
            if (checkpoint.Size > previous.Size && previous.Size > 0)
            {
                IReadOnlyList<byte[]> proof;
                try
                {
                    proof = await log.ConsistencyAsync(previous.Size, checkpoint.Size, ct);
                }
                catch (CliException ex)
                {
                    return await AlarmAsync($"the log refused a consistency proof from {previous.Size} to {checkpoint.Size}: {ex.Message}", previousNote, note, null, ct);
                }
                if (!Merkle.VerifyConsistency(previous.Size, checkpoint.Size, previous.RootHash, checkpoint.RootHash, proof))
                {
                    return await AlarmAsync($"checkpoint {checkpoint.Size} is NOT consistent with checkpoint {previous.Size}: the log was rewritten or forked", previousNote, note, proof, ct);
                }
            }
        }

        var cosignature = checkpoint.Cosign(key.Key, key.PrivateKey, clock.GetUtcNow().ToUnixTimeSeconds());
        await WriteAtomicallyAsync(StatePath("checkpoint"), note, ct);
        using var response = await log.PostCosignatureAsync(checkpoint.ToNote([logSignature, cosignature]), ct);
        var consistent = previous is null ? "first checkpoint seen; trusted from now on" : $"consistent with {previous.Size}";
        await context.Out.WriteLineAsync($"checkpoint {checkpoint.Size} {Convert.ToBase64String(checkpoint.RootHash)}: {consistent}; cosigned as {key.Key.Name}");
        if (!response.IsSuccessStatusCode)
        {
            await context.Err.WriteLineAsync($"error: the log did not accept the cosignature ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
            return CliApp.Failed;
        }
        return CliApp.Ok;
    }

    private async Task<NoteKey> PinnedLogKeyAsync(CancellationToken ct)
    {
        var path = StatePath("log.vkey");
        if (File.Exists(path))
        {
            return NoteKey.ParseVerifierKey(await File.ReadAllTextAsync(path, ct)) ?? throw new CliException($"{path} is not a verifier key");
        }
        var key = await log.PublicKeyAsync(ct);
        await WriteAtomicallyAsync(path, key.ToVerifierKey() + "\n", ct);
        await context.Err.WriteLineAsync($"pinned the log's key {key.ToVerifierKey()} (pass --log-key to pin it yourself)");
        return key;
    }

    private async Task<int> AlarmAsync(string what, string? previous, string? received, IReadOnlyList<byte[]>? proof, CancellationToken ct)
    {
        var evidence = Directory.CreateDirectory(StatePath("evidence-" + clock.GetUtcNow().ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture)));
        if (previous is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(evidence.FullName, "previous-checkpoint"), previous, ct);
        }
        if (received is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(evidence.FullName, "received-checkpoint"), received, ct);
        }
        if (proof is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(evidence.FullName, "consistency-proof.json"),
                JsonSerializer.Serialize(new { consistency = proof.Select(Convert.ToBase64String) }, JsonDefaults.Indented), ct);
        }
        await File.WriteAllTextAsync(Path.Combine(evidence.FullName, "alarm.txt"), what + "\n", ct);
        await context.Err.WriteLineAsync($"ALARM: {what}. Refused to cosign. Evidence saved in {evidence.FullName}");
        return CliApp.Failed;
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
