using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog;
using OneWindow.Common;
using OneWindow.Formats;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Federation;

/// <summary>
/// 异地就医直接结算，免备案: a medical-insurance clerk where the person was treated settles the bill of a person insured in
/// another region without any filing beforehand. The platform asks the insured region's platform, in a signed message, for
/// the person's enrolment (scheme, status) for the purpose 异地就医直接结算; that platform reads it through a grant its own
/// data owner approved for the purpose (recorded in the person's data log and its ledger) and answers in a signed message;
/// the settlement applies the scheme's ratio to the eligible amount. The claim, the request, the answer and a report of the
/// settlement to the insured region (through the outbox) are saved in one transaction, each message in the ledger. When the
/// insured region cannot be reached nothing is written, and the clerk is told to try again.
/// </summary>
public static class SettleClaim
{
    public const string ReadType = "data.read";

    public const string ResultType = "data.read.result";

    public const string SettledType = "claim.settled";

    public const string EnrolmentItem = "insurance.enrolment";

    public const string Purpose = "异地就医直接结算";

    public const string PayingStatus = "参保缴费";

    public const decimal MaxAmount = 10_000_000m;

    public sealed record Request(string? InsuredRegion, string? IdNumber, string? Name, string? Hospital, DateOnly? AdmittedOn, DateOnly? DischargedOn, decimal? TotalAmount, decimal? EligibleAmount,
        string? BillNumber = null);

    public const int MaxBillNumberLength = 50;

    /// <summary>Sends a signed message to a peer and returns the HTTP status and body (the host's HTTP client).</summary>
    public delegate Task<(int Status, string Body)> Send(FederationOptions.Peer peer, string token, CancellationToken ct);

    public static async Task<Outcome<CrossRegionClaim>> HandleAsync(Account actor, Request request, OneWindowDb db, FederationServices services, Send send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(send);
        var options = services.Options;
        if (!options.Enabled)
        {
            return new Forbidden(Texts.T("This platform does not federate with other regions"));
        }
        if (!actor.Has(StaffRoles.Clerk) || actor.UnitId is not { } unitId || await UnitQueries.FindAsync(db, unitId, ct) is not { Department: DepartmentKind.MedicalInsurance })
        {
            return new Forbidden(Texts.T("Claims are settled by clerks of a medical-insurance unit"));
        }
        var today = DateOnly.FromDateTime(services.Clock.GetLocalNow().DateTime);
        var errors = new FieldErrors();
        var peer = options.PeerNamed(request.InsuredRegion?.Trim());
        if (peer is null)
        {
            errors.Add("insuredRegion", Texts.T("must be a region this platform is federated with"));
        }
        var id = ResidentIdNumber.Parse(request.IdNumber, today);
        if (!id.IsValid)
        {
            errors.Add("idNumber", Texts.T("not a valid resident identity number ({0}): {1}", id.Rule!, id.Reason!));
        }
        var name = TextInput.Clean(request.Name ?? "");
        if (!PersonName.IsValid(name))
        {
            errors.Add("name", PersonName.Rule);
        }
        var hospital = TextInput.Clean(request.Hospital ?? "");
        if (hospital.Length is 0 or > 100 || TextInput.Problem(hospital) is not null)
        {
            errors.Add("hospital", Texts.T("must be 1 to {0} characters of plain text", 100));
        }
        var bill = request.BillNumber?.Trim() ?? "";
        if (bill.Length is 0 or > MaxBillNumberLength || bill.Any(c => c is < '!' or > '~'))
        {
            errors.Add("billNumber", Texts.T("must be the hospital's bill number: 1 to {0} letters, digits or signs", MaxBillNumberLength));
        }
        if (request.AdmittedOn is not { } admitted || request.DischargedOn is not { } discharged || admitted > discharged || discharged > today)
        {
            errors.Add("dischargedOn", Texts.T("give the admission and discharge dates, admission first, neither in the future"));
        }
        if (request.TotalAmount is not { } total || total <= 0 || total > MaxAmount || decimal.Round(total, 2) != total)
        {
            errors.Add("totalAmount", Texts.T("must be an amount in yuan above 0 and at most {0}, with at most two decimals", MaxAmount));
        }
        if (request.EligibleAmount is not { } eligible || eligible < 0 || eligible > (request.TotalAmount ?? 0) || decimal.Round(eligible, 2) != eligible)
        {
            errors.Add("eligibleAmount", Texts.T("must be an amount in yuan from 0 to the total, with at most two decimals"));
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (await db.CrossRegionClaims.AsNoTracking().AnyAsync(c => c.UnitId == unitId && c.Hospital == hospital && c.BillNumber == bill, ct))
        {
            return AlreadySettled();
        }

        // The signed request, sent now; nothing is saved unless the answer comes back verified.
        var now = services.Clock.GetUtcNow();
        var requestMessage = new FederationMessage
        {
            Direction = MessageDirection.Out, Peer = peer!.Region, Type = ReadType, State = MessageState.Delivered,
            CreatedAt = now.ToUnixTimeMilliseconds(), DoneAt = now.ToUnixTimeMilliseconds(), Attempts = 1,
        };
        var body = new JsonObject
        {
            ["requestId"] = requestMessage.Id.ToString(),
            ["item"] = EnrolmentItem,
            ["subject"] = id.Value!.Value,
            ["purpose"] = Purpose,
            ["fields"] = new JsonArray("scheme", "enrolledSince", "status"),
        };
        (requestMessage.Body, requestMessage.BodyHash) = FederationEnvelope.Canonical(body);
        var (keyId, privateKey) = await FederationKeys.CurrentAsync(db, services.Keys, services.Clock, ct);
        var token = FederationEnvelope.Sign(requestMessage.Id, ReadType, options.Region!, peer.Region, body, now, options.MessageLifetime, keyId, privateKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
        (int Status, string Body) answer;
        try
        {
            answer = await send(peer, token, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new PeerUnavailable(Texts.T("The platform of region {0} cannot be reached now; nothing was settled. Try again shortly", peer.Region));
        }
        if (answer.Status is < 200 or > 299)
        {
            string? detail = null;
            try
            {
                detail = JsonNode.Parse(answer.Body)?["detail"]?.GetValue<string>();
            }
            catch (JsonException)
            {
            }
            return answer.Status >= 500
                ? new PeerUnavailable(Texts.T("The platform of region {0} cannot be reached now; nothing was settled. Try again shortly", peer.Region))
                : NotAccepted.Because(Texts.T("the platform of region {0} did not answer the enrolment read: {1}", peer.Region, detail ?? answer.Status.ToString(CultureInfo.InvariantCulture)));
        }
        var verified = await FederationEnvelope.VerifyAsync(answer.Body.Trim(), options, (region, kid) => FederationKeys.PinnedKeyAsync(db, region, kid, ct), services.Clock.GetUtcNow());
        if (!verified.Succeeded || verified.Value!.Type != ResultType || verified.Value.From != peer.Region || (string?)verified.Value.Body["requestId"] != requestMessage.Id.ToString())
        {
            return NotAccepted.Because(Texts.T("the answer of region {0} is not a signed answer to this request; nothing was settled", peer.Region));
        }
        var result = verified.Value;
        var claim = Settle(actor, unitId, peer.Region, id.Value.Value, name, hospital, bill, request, result.Body, requestMessage.Id, options, now);

        var resultMessage = new FederationMessage
        {
            Id = result.Id, Direction = MessageDirection.In, Peer = peer.Region, Type = ResultType, CaseId = claim.Id, State = MessageState.Received,
            Body = FederationEnvelope.Canonical(result.Body).Json, BodyHash = result.BodyHash, CreatedAt = now.ToUnixTimeMilliseconds(), DoneAt = now.ToUnixTimeMilliseconds(),
        };
        var requestRow = new FederationMessage
        {
            Id = requestMessage.Id, Direction = MessageDirection.Out, Peer = peer.Region, Type = ReadType, CaseId = claim.Id, State = MessageState.Delivered, Attempts = 1,
            Body = requestMessage.Body, BodyHash = requestMessage.BodyHash, CreatedAt = requestMessage.CreatedAt, DoneAt = requestMessage.DoneAt,
        };
        db.CrossRegionClaims.Add(claim);
        db.FederationMessages.AddRange(requestRow, resultMessage);
        LedgerOutbox.Stage(db, FederationOutbox.Record("federation.sent", options.Region!, requestRow, now));
        LedgerOutbox.Stage(db, FederationOutbox.Record("federation.received", options.Region!, resultMessage, now));
        FederationOutbox.Queue(db, options, peer.Region, SettledType, claim.Id, 0, Report(claim), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Storage.DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return AlreadySettled(); // the same bill settled at this moment by another clerk: theirs stands, nothing of this one is kept
        }
        services.Outbox.Wake();
        return claim;
    }

    private static StateConflict AlreadySettled() => new(Texts.T("This bill of this hospital has already been settled by this unit"));

    private static CrossRegionClaim Settle(Account actor, Guid unitId, string region, string idNumber, string name, string hospital, string bill, Request request, JsonObject answer, Guid requestId, FederationOptions options, DateTimeOffset now)
    {
        var data = answer["data"] as JsonObject;
        var scheme = (string?)data?["scheme"];
        var status = (string?)data?["status"];
        var eligible = request.EligibleAmount!.Value;
        var total = request.TotalAmount!.Value;
        string? reason = null;
        decimal? ratio = null;
        if (answer["onRecord"]?.GetValueKind() != JsonValueKind.True || data is null)
        {
            reason = Texts.T("The person has no medical-insurance enrolment on record in region {0}", region);
        }
        else if (status != PayingStatus)
        {
            reason = Texts.T("The enrolment in region {0} is not paying ({1}): settle as self-paid, or ask the person to restore it", region, status ?? "");
        }
        else if (scheme is null || !options.SettlementRatios.TryGetValue(scheme, out var known))
        {
            reason = Texts.T("No settlement ratio is configured for the scheme {0}", scheme ?? "");
        }
        else
        {
            ratio = known;
        }
        var fund = ratio is { } r ? decimal.Round(eligible * r, 2, MidpointRounding.AwayFromZero) : 0m;
        return new CrossRegionClaim
        {
            UnitId = unitId, ClerkId = actor.Id, InsuredRegion = region, PatientIdNumber = idNumber, PatientName = name, Hospital = hospital, BillNumber = bill,
            AdmittedOn = request.AdmittedOn!.Value, DischargedOn = request.DischargedOn!.Value, TotalAmount = total, EligibleAmount = eligible,
            State = ratio is null ? ClaimState.Refused : ClaimState.Settled, Scheme = scheme, Status = status, Ratio = ratio, FundPays = fund, PersonPays = total - fund,
            Reason = reason, ReadRequestId = requestId, RemoteReadId = Guid.TryParse((string?)answer["readId"], out var read) ? read : null, SettledAt = now.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>What the insured region's fund is told of a settlement (its own insured person: the fund pays its part).</summary>
    private static JsonObject Report(CrossRegionClaim claim) => new()
    {
        ["claimId"] = claim.Id.ToString(),
        ["idNumber"] = claim.PatientIdNumber,
        ["name"] = claim.PatientName,
        ["hospital"] = claim.Hospital,
        ["billNumber"] = claim.BillNumber,
        ["admittedOn"] = claim.AdmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["dischargedOn"] = claim.DischargedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["state"] = claim.State.ToString(),
        ["totalAmount"] = claim.TotalAmount.ToString(CultureInfo.InvariantCulture),
        ["fundPays"] = claim.FundPays.ToString(CultureInfo.InvariantCulture),
        ["personPays"] = claim.PersonPays.ToString(CultureInfo.InvariantCulture),
        ["readId"] = claim.RemoteReadId?.ToString(),
    };

    /// <summary>The unit's claims, newest first (staff of the unit).</summary>
    public static async Task<Outcome<List<CrossRegionClaim>>> OfUnitAsync(Account actor, OneWindowDb db, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != AccountKind.Staff || actor.UnitId is not { } unitId)
        {
            return new Forbidden(Texts.T("Claims are settled by clerks of a medical-insurance unit"));
        }
        return await db.CrossRegionClaims.AsNoTracking().Where(c => c.UnitId == unitId).OrderByDescending(c => c.SettledAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
    }
}

/// <summary>Another region's platform cannot be reached at this moment (503): nothing was done; try again.</summary>
public sealed record PeerUnavailable(string Why) : Failure(Texts.T("Service unavailable"), Why);
