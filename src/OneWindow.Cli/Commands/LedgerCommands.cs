using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cli.Ledger;
using OneWindow.Common;
using OneWindow.Ledger;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow ledger witness|witness-key|verify|audit|prove|append</c>.</summary>
public static class LedgerCommands
{
    public static Command Create(CliContext context) => new("ledger", "The transparency ledger: witness it, verify it, prove inclusion.")
    {
        WitnessKey(context),
        WitnessRun(context),
        Verify(context),
        Audit(context),
        Prove(context),
        Append(context),
    };

    private static Option<string> LogOption(bool required) => new("--log") { Description = "Base URL of the OneWindow server whose log to read, e.g. http://127.0.0.1:5080.", Required = required };

    private static Option<string?> LogKeyOption() => new("--log-key") { Description = "The log's verifier key (name+keyid+base64) to trust; otherwise the key the log publishes is used." };

    private static NoteKey? ParseLogKey(string? text) =>
        text is null ? null : NoteKey.ParseVerifierKey(text) is { Algorithm: NoteKey.Ed25519Note } key ? key : throw new CliException("--log-key is not an Ed25519 signed-note verifier key", CliApp.Usage);

    private static Command WitnessKey(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The witness's name, e.g. health.hebei.example/witness.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the private key (created with mode 0600; must not exist).", Required = true };
        var command = new Command("witness-key", "Create a witness key pair; prints the verifier key to register with the log.") { name, output };
        command.SetAction(async (parse, ct) =>
        {
            var witnessName = parse.GetValue(name)!;
            if (!NoteKey.IsValidName(witnessName))
            {
                throw new CliException("--name must be non-empty, without spaces or '+'", CliApp.Usage);
            }
            var file = parse.GetValue(output)!;
            if (file.Exists)
            {
                throw new CliException($"{file.FullName} exists; refusing to overwrite a key");
            }
            var key = WitnessKeyFile.Generate(witnessName);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            await using (var stream = new FileStream(file.FullName, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(key.Serialize());
            }
            await context.Out.WriteLineAsync(key.Key.ToVerifierKey());
            return CliApp.Ok;
        });
        return command;
    }

    private static Command WitnessRun(CliContext context)
    {
        var log = LogOption(required: true);
        var keyFile = new Option<FileInfo>("--key") { Description = "The witness's private key file (from 'ledger witness-key').", Required = true };
        var state = new Option<DirectoryInfo>("--state") { Description = "Directory where the witness keeps the last checkpoint it accepted, and evidence of any alarm.", Required = true };
        var logKey = LogKeyOption();
        var command = new Command("witness", "Check the log's latest checkpoint is consistent with the last one seen, then cosign it. Exit 1 and keep evidence if not.") { log, keyFile, state, logKey };
        command.SetAction(async (parse, ct) =>
        {
            var key = WitnessKeyFile.Read(parse.GetValue(keyFile)!.FullName);
            using var http = context.CreateHttpClient();
            var remote = RemoteLog.Create(http, parse.GetValue(log)!);
            return await new Witness(context, remote, key, parse.GetValue(state)!, TimeProvider.System).RunAsync(ParseLogKey(parse.GetValue(logKey)), ct);
        });
        return command;
    }

    private static Command Audit(CliContext context)
    {
        var limit = new Option<int>("--max-findings") { Description = "List at most this many mismatches (all are counted).", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "Cross-check the ledger against the database: every certificate and revocation has exactly one entry, and every entry a certificate. Exit 1 on any mismatch.") { limit };
        command.SetAction(async (parse, ct) =>
        {
            var max = parse.GetValue(limit);
            if (max < 0)
            {
                throw new CliException("--max-findings must be 0 or more", CliApp.Usage);
            }
            await using var scope = await context.OpenAsync(seedReference: false, ct);
            var report = await Certificates.AuditLedger.RunAsync(scope.Db, ct, max);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"certificates {report.Certificates}, certificate.issued entries {report.IssuedEntries}, certificate.revoked entries {report.RevokedEntries}, waiting in the outbox {report.Pending}"));
            foreach (var finding in report.Findings)
            {
                await context.Out.WriteLineAsync(finding.LedgerIndex is { } index
                    ? string.Create(CultureInfo.InvariantCulture, $"{finding.Kind}\t{finding.Identifier}\tentry {index}")
                    : $"{finding.Kind}\t{finding.Identifier}");
            }
            if (report.Consistent)
            {
                await context.Out.WriteLineAsync("CONSISTENT");
                return CliApp.Ok;
            }
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"MISMATCH: {report.FindingCount} finding(s)"));
            return CliApp.Failed;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var log = LogOption(required: false);
        var db = new Option<bool>("--db") { Description = "Read the log from the configured database instead of over HTTP." };
        var logKey = LogKeyOption();
        var witnesses = new Option<string[]>("--witness") { Description = "A witness verifier key to trust (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var quorum = new Option<int?>("--quorum") { Description = "How many of the given witnesses must have cosigned the checkpoint (default: all given)." };
        var command = new Command("verify", "Download every entry, recompute the whole tree and compare it with the signed tree head. Exit 1 naming the first bad index.") { log, db, logKey, witnesses, quorum };
        command.SetAction(async (parse, ct) =>
        {
            var url = parse.GetValue(log);
            if ((url is null) == !parse.GetValue(db))
            {
                throw new CliException("give exactly one of --log <url> or --db", CliApp.Usage);
            }
            var trusted = (parse.GetValue(witnesses) ?? []).Select(w => NoteKey.ParseVerifierKey(w) is { Algorithm: NoteKey.Ed25519Cosignature } k ? k : throw new CliException($"--witness {w} is not a cosignature verifier key", CliApp.Usage)).ToList();
            var needed = parse.GetValue(quorum) ?? trusted.Count;
            if (needed < 0 || needed > trusted.Count)
            {
                throw new CliException($"--quorum must be between 0 and the {trusted.Count} witnesses given", CliApp.Usage);
            }
            VerificationReport report;
            string? note = null;
            if (url is not null)
            {
                using var http = context.CreateHttpClient();
                var remote = RemoteLog.Create(http, url);
                var key = ParseLogKey(parse.GetValue(logKey)) ?? await remote.PublicKeyAsync(ct);
                report = await LogVerifier.VerifyAsync(remote, key.PublicKey, ct);
                note = trusted.Count > 0 ? await remote.CheckpointAsync(ct) : null;
            }
            else
            {
                await using var scope = await context.OpenAsync(seedReference: false, ct);
                var source = new DatabaseLogSource(scope.Db);
                var key = ParseLogKey(parse.GetValue(logKey))?.PublicKey ?? await source.SigningKeyAsync(ct);
                report = await LogVerifier.VerifyAsync(source, key, ct);
                if (trusted.Count > 0)
                {
                    note = (await scope.Services.GetRequiredService<LedgerCheckpoints>().OfSizeAsync(report.TreeSize, ct))?.Note;
                }
            }
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.Entries} entries, {report.Bytes / 1e6:F2} MB in {report.Elapsed.TotalSeconds:F2} s: {report.EntriesPerSecond:F0} entries/s, {report.MegabytesPerSecond:F1} MB/s"));
            if (!report.Valid)
            {
                await context.Err.WriteLineAsync($"error: INVALID at index {report.FirstBadIndex?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {report.Message}");
                return CliApp.Failed;
            }
            await context.Out.WriteLineAsync($"valid: {report.Message} (tree size {report.TreeSize})");
            if (trusted.Count > 0)
            {
                var parsed = Checkpoint.Parse(note);
                var count = parsed is { } p && p.Checkpoint.Size == report.TreeSize ? Witnesses.CountValid(p.Checkpoint, p.Signatures, trusted) : 0;
                if (count < needed)
                {
                    await context.Err.WriteLineAsync($"error: only {count} of the {trusted.Count} trusted witnesses cosigned tree size {report.TreeSize}; {needed} required");
                    return CliApp.Failed;
                }
                await context.Out.WriteLineAsync($"cosigned by {count} of {trusted.Count} trusted witnesses ({needed} required)");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Prove(CliContext context)
    {
        var leaf = new Argument<string>("leaf") { Description = "A leaf index, or a base64 SHA-256 leaf hash." };
        var log = LogOption(required: true);
        var logKey = LogKeyOption();
        var command = new Command("prove", "Fetch and check an inclusion proof of a leaf against the log's signed tree head.") { leaf, log, logKey };
        command.SetAction(async (parse, ct) =>
        {
            using var http = context.CreateHttpClient();
            var remote = RemoteLog.Create(http, parse.GetValue(log)!);
            var key = ParseLogKey(parse.GetValue(logKey)) ?? await remote.PublicKeyAsync(ct);
            var head = await remote.TreeHeadAsync(ct);
            if (!new TreeHead(head.TreeSize, head.Timestamp, head.RootHash).Verify(key.PublicKey, head.TreeHeadSignature))
            {
                throw new CliException("the log's signed tree head does not verify with its key");
            }
            var text = parse.GetValue(leaf)!;
            var query = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? $"proof-by-index?index={index}&tree_size={head.TreeSize}"
                : $"proof-by-hash?hash={Uri.EscapeDataString(text)}&tree_size={head.TreeSize}";
            var proof = await remote.ProofAsync(query, ct);
            var valid = Merkle.VerifyInclusion(proof.Index, head.TreeSize, proof.LeafHash, proof.Path, head.RootHash);
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                leafIndex = proof.Index,
                treeSize = head.TreeSize,
                leafHash = Convert.ToBase64String(proof.LeafHash),
                rootHash = Convert.ToBase64String(head.RootHash),
                auditPath = proof.Path.Select(Convert.ToBase64String),
                verified = valid,
            }, JsonDefaults.Indented));
            if (!valid)
            {
                await context.Err.WriteLineAsync("error: the inclusion proof does NOT verify against the signed root");
            }
            return valid ? CliApp.Ok : CliApp.Failed;
        });
        return command;
    }

    private static Command Append(CliContext context)
    {
        var type = new Option<string>("--type") { Description = "Event type, e.g. ops.note.", Required = true };
        var subject = new Option<string>("--subject") { Description = "What the event is about.", Required = true };
        var payload = new Option<string?>("--payload") { Description = "The event's facts as a JSON object (default {})." };
        var count = new Option<int>("--count") { Description = "Append this many events (a load and durability driver).", DefaultValueFactory = _ => 1 };
        var writers = new Option<int>("--writers") { Description = "Concurrent writers sharing the count.", DefaultValueFactory = _ => 1 };
        var acks = new Option<bool>("--acks") { Description = "Print 'ack <index> <leaf hash>' as each append is committed." };
        var command = new Command("append", "Append events to the local database's log (each acknowledged only once committed).") { type, subject, payload, count, writers, acks };
        command.SetAction(async (parse, ct) =>
        {
            JsonElement facts;
            try
            {
                facts = JsonDocument.Parse(parse.GetValue(payload) ?? "{}").RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new CliException($"--payload is not JSON: {ex.Message}", CliApp.Usage);
            }
            var total = parse.GetValue(count);
            var parallel = parse.GetValue(writers);
            if (total < 1 || parallel < 1 || parallel > 256)
            {
                throw new CliException("--count must be at least 1 and --writers between 1 and 256", CliApp.Usage);
            }
            await using var scope = await context.OpenAsync(seedReference: false, ct);
            var writer = scope.Services.GetRequiredService<LedgerWriter>();
            var printAcks = parse.GetValue(acks);
            var output = TextWriter.Synchronized(context.Out);
            var remaining = total;
            var clock = Stopwatch.StartNew();
            var eventType = parse.GetValue(type)!;
            var eventSubject = parse.GetValue(subject)!;
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async w =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var appended = await writer.AppendAsync(new LedgerEvent(eventType, eventSubject, "cli", TimeProvider.System.GetUtcNow(), facts), ct);
                    if (printAcks)
                    {
                        output.WriteLine($"ack {appended.Index} {Convert.ToBase64String(appended.LeafHash)}");
                    }
                }
            }));
            await writer.DisposeAsync();
            await context.Err.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"appended {total} events in {clock.Elapsed.TotalSeconds:F2} s ({total / clock.Elapsed.TotalSeconds:F0}/s)"));
            return CliApp.Ok;
        });
        return command;
    }
}
