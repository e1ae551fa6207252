using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Formats;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Federation;

/// <summary>
/// The receiving side of the messages between platforms. A message is verified (<see cref="FederationEnvelope.VerifyAsync"/>),
/// refused if its id was received before (the unique (direction, peer, id) index decides when two arrive at once), and
/// acted on: a forward becomes a case of this platform's engine, handled by its staff like any other (the person's
/// account here is made from the signed identity if they have none; the engine's idempotency key makes a resent
/// forward return the same case); a status report updates the forwarded case the person follows here, only if it is
/// newer, after verifying each certificate with the issuing seal's key. Both record the message in the ledger.
/// </summary>
public static class FederationInbox
{
    /// <summary>What was done: the case here the message concerns.</summary>
    /// <remarks><see cref="Reply"/>: a signed answer to give back in the response (a read across regions).</remarks>
    public sealed record Received(Guid MessageId, string Type, Guid CaseId, string? Reply = null);

    public static async Task<Outcome<Received>> ReceiveAsync(string? token, OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(services);
        var options = services.Options;
        if (!options.Enabled)
        {
            return new Forbidden(Texts.T("This platform does not federate with other regions"));
        }
        var verified = await FederationEnvelope.VerifyAsync(token, options, (region, kid) => FederationKeys.PinnedKeyAsync(db, region, kid, ct), services.Clock.GetUtcNow());
        if (!verified.Succeeded)
        {
            return verified.Failure!;
        }
        var message = verified.Value!;
        if (await db.FederationMessages.AsNoTracking().AnyAsync(m => m.Direction == MessageDirection.In && m.Peer == message.From && m.Id == message.Id, ct))
        {
            return new MessageReplayed();
        }
        return message.Type switch
        {
            ForwardApplication.Type => await ForwardedHereAsync(message, db, services, ct),
            FederationDispatch.StatusType => await StatusAsync(message, db, services, ct),
            SettleClaim.ReadType => await ReadForPeerAsync(message, db, services, ct),
            SettleClaim.SettledType => Guid.TryParse((string?)message.Body["claimId"], out var claim)
                ? await RecordAsync(message, claim, db, services, ct)
                : NotAccepted.Because(Texts.T("the settlement report lacks its claim id")),
            _ => NotAccepted.Because(Texts.T("this platform does not know messages of type {0}", message.Type)),
        };
    }

    private static async Task<Outcome<Received>> ForwardedHereAsync(FederationEnvelope.Message message, OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        var body = message.Body;
        string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (!Guid.TryParse(Text(body["caseId"]), out var originCase) || body["form"] is not JsonObject form || body["applicant"] is not JsonObject applicant)
        {
            return NotAccepted.Because(Texts.T("the forward lacks its case id, form or applicant"));
        }
        var division = Text(body["divisionCode"]);
        if (division is null || !division.StartsWith(services.Options.Region!, StringComparison.Ordinal))
        {
            return NotAccepted.Because(Texts.T("the matter's village {0} is not in this platform's region", division ?? ""));
        }
        var person = await PersonAsync(Text(applicant["idNumber"]), Text(applicant["name"]), db, services.Clock, ct);
        if (!person.Succeeded)
        {
            return person.Failure!;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (Text(value) is { } text)
            {
                fields[name] = text;
            }
        }
        var request = new SubmitApplication.Request(Text(body["bundleCode"]), Text(body["itemCode"]), division, fields, Channel.Web)
        {
            Forwarded = new ForwardedOrigin(message.From, originCase),
        };
        var submitted = await SubmitApplication.HandleAsync(person.Value!, request, $"federation:{message.From}:{originCase:N}", db, services.Submissions, ct);
        if (!submitted.Succeeded)
        {
            // Whatever the engine says no to (a form this platform's catalog refuses, no competent unit): the sender's case ends with it.
            return NotAccepted.Because(submitted.Failure!.Detail);
        }
        return await RecordAsync(message, submitted.Value!.Case.Id, db, services, ct);
    }

    /// <summary>The person's account here, made from the identity the other platform signed for if they have none (without a password: they sign in here only after registering).</summary>
    private static async Task<Outcome<Account>> PersonAsync(string? idNumber, string? name, OneWindowDb db, TimeProvider clock, CancellationToken ct)
    {
        var id = ResidentIdNumber.Parse(idNumber, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        if (!id.IsValid || !PersonName.IsValid(TextInput.Clean(name ?? "")))
        {
            return NotAccepted.Because(Texts.T("the applicant's identity number or name is not valid"));
        }
        var number = id.Value!.Value;
        if (await AccountQueries.ResidentAsync(db, number, ct) is { } existing)
        {
            return existing;
        }
        var account = new Account
        {
            UserName = number,
            NormalizedUserName = number.ToUpperInvariant(),
            IdNumber = number,
            RealName = TextInput.Clean(name!),
            Kind = AccountKind.Resident,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetUtcNow(),
        };
        AccountQueries.Add(db, [account]);
        try
        {
            await db.SaveChangesAsync(ct);
            return account;
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear(); // made at this moment by another message about the same person
            return await AccountQueries.ResidentAsync(db, number, ct) is { } made ? made : throw new InvalidOperationException("An account was made at once but cannot be read.", ex);
        }
    }

    private static async Task<Outcome<Received>> StatusAsync(FederationEnvelope.Message message, OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        var body = message.Body;
        if (!Guid.TryParse(body["originCaseId"]?.GetValueKind() == JsonValueKind.String ? body["originCaseId"]!.GetValue<string>() : null, out var caseId)
            || body["version"]?.GetValueKind() != JsonValueKind.Number || !Guid.TryParse((string?)body["caseId"], out var remote))
        {
            return NotAccepted.Because(Texts.T("the status report lacks the case it concerns or its version"));
        }
        for (var attempt = 0; ; attempt++)
        {
            var forwarded = await db.ForwardedCases.FirstOrDefaultAsync(c => c.Id == caseId && c.Peer == message.From, ct);
            if (forwarded is null)
            {
                return new Missing("Application"); // unknown here, or forwarded to another region: refused
            }
            var version = body["version"]!.GetValue<int>();
            if (version > forwarded.RemoteVersion)
            {
                var report = (JsonObject)body.DeepClone();
                VerifyCertificates(report);
                forwarded.RemoteVersion = version;
                forwarded.RemoteCaseId = remote;
                forwarded.Status = report.ToJsonString(JsonDefaults.Options);
                forwarded.State = Enum.TryParse<ApplicationState>((string?)body["state"], out var state) ? state switch
                {
                    ApplicationState.Completed => ForwardedState.Completed,
                    ApplicationState.PartlyCompleted => ForwardedState.PartlyCompleted,
                    ApplicationState.Refused => ForwardedState.Refused,
                    _ => ForwardedState.Handling,
                } : ForwardedState.Handling;
                forwarded.UpdatedAt = services.Clock.GetUtcNow().ToUnixTimeMilliseconds();
                forwarded.Version++;
            }
            try
            {
                return await RecordAsync(message, forwarded.Id, db, services, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // another report or the outbox changed the case at this moment: read it again
            }
        }
    }

    /// <summary>Marks each certificate of a report verified (or not) with the seal key it came with: the signature over the credential, the key id.</summary>
    private static void VerifyCertificates(JsonObject report)
    {
        foreach (var task in (report["tasks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (task["certificate"] is not JsonObject certificate)
            {
                continue;
            }
            var verified = false;
            try
            {
                var parsed = Certificates.CompactJws.Parse((string?)certificate["jws"], out _);
                if (parsed is not null && certificate["sealKey"] is JsonObject key && (string?)key["kid"] == parsed.KeyId && parsed.Algorithm == "EdDSA"
                    && (string?)key["x"] is { } x)
                {
                    verified = Ed25519.Verify(Base64Url.DecodeFromChars(x), parsed.SigningInput, parsed.Signature);
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                verified = false;
            }
            certificate["verifiedHere"] = verified;
        }
    }

    /// <summary>
    /// A read asked for by another region's platform: made here by the unit that holds this platform's grant of the item for
    /// the purpose (the highest-level holder), so the data owner here decides, and recorded as any read (the person's data
    /// log, the ledger); the answer goes back signed. Without such a grant nothing is read.
    /// </summary>
    private static async Task<Outcome<Received>> ReadForPeerAsync(FederationEnvelope.Message message, OneWindowDb db, FederationServices services, CancellationToken ct)
    {
        var body = message.Body;
        var item = (string?)body["item"];
        var purpose = (string?)body["purpose"];
        var fields = (body["fields"] as JsonArray)?.Select(f => f?.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null).ToList();
        if (!Guid.TryParse((string?)body["requestId"], out var requestId) || item is null || purpose is null || fields is not { Count: > 0 and <= 50 } || fields.Any(f => f is null))
        {
            return NotAccepted.Because(Texts.T("the read request lacks its id, item, purpose or fields"));
        }
        var now = services.Clock.GetUtcNow();
        var holders = await DataSharing.Grants.HoldersAsync(db, item, purpose, now, ct);
        var units = await UnitQueries.ManyAsync(db, holders, ct);
        var reader = units.Values.OrderByDescending(u => u.DivisionCode.Length - u.DivisionCode.TrimEnd('0').Length).ThenBy(u => u.Id).FirstOrDefault();
        if (reader is null)
        {
            return new Forbidden(Texts.T("No unit of this platform holds a grant of {0} for the purpose {1}: its data owner has not allowed this read", item, purpose));
        }
        var read = await DataSharing.ReadRecord.ForRequestFromAnotherRegionAsync(reader.Id, item, (string?)body["subject"], purpose, fields!, db, services.SubjectKeys, services.Reads, services.Clock, ct);
        if (!read.Succeeded && read.Failure is not Missing { What: "Record" })
        {
            return read.Failure!;
        }
        var answer = new JsonObject
        {
            ["requestId"] = requestId.ToString(),
            ["item"] = item,
            ["onRecord"] = read.Succeeded,
            ["version"] = read.Value?.Version,
            ["data"] = read.Value?.Data.DeepClone(),
            ["readId"] = read.Value?.ReadId.ToString(),
            ["reader"] = reader.Name,
        };
        var reply = new FederationMessage
        {
            Direction = MessageDirection.Out, Peer = message.From, Type = SettleClaim.ResultType, CaseId = requestId, State = MessageState.Delivered, Attempts = 1,
            CreatedAt = now.ToUnixTimeMilliseconds(), DoneAt = now.ToUnixTimeMilliseconds(),
        };
        (reply.Body, reply.BodyHash) = FederationEnvelope.Canonical(answer);
        var (keyId, privateKey) = await FederationKeys.CurrentAsync(db, services.Keys, services.Clock, ct);
        var token = FederationEnvelope.Sign(reply.Id, reply.Type, services.Options.Region!, message.From, answer, now, services.Options.MessageLifetime, keyId, privateKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
        var recorded = await RecordAsync(message, requestId, db, services, ct, reply);
        return recorded.Succeeded ? recorded.Value! with { Reply = token } : recorded;
    }

    /// <summary>Keeps the received message (its id now refuses a replay) with its ledger entry, in the save of what it did; and the reply sent back, if any.</summary>
    private static async Task<Outcome<Received>> RecordAsync(FederationEnvelope.Message message, Guid caseId, OneWindowDb db, FederationServices services, CancellationToken ct, FederationMessage? reply = null)
    {
        var now = services.Clock.GetUtcNow();
        if (reply is not null)
        {
            db.FederationMessages.Add(reply);
            LedgerOutbox.Stage(db, FederationOutbox.Record("federation.sent", services.Options.Region!, reply, now));
        }
        var row = new FederationMessage
        {
            Id = message.Id,
            Direction = MessageDirection.In,
            Peer = message.From,
            Type = message.Type,
            CaseId = caseId,
            Body = FederationEnvelope.Canonical(message.Body).Json,
            BodyHash = message.BodyHash,
            State = MessageState.Received,
            CreatedAt = now.ToUnixTimeMilliseconds(),
            DoneAt = now.ToUnixTimeMilliseconds(),
        };
        db.FederationMessages.Add(row);
        LedgerOutbox.Stage(db, FederationOutbox.Record("federation.received", services.Options.Region!, row, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return new MessageReplayed(); // the same message arrived twice at once: the other one was acted on
        }
        return new Received(message.Id, message.Type, caseId);
    }
}
