using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.Certificates;

/// <summary>
/// The only way a certificate is minted: a W3C Verifiable Credential 2.0 signed as a compact JWS with
/// the unit's registered seal, given a GB/T 36904 identifier and a status-list position, and recorded
/// in the transparency ledger (without personal data) before it is handed out.
/// </summary>
public sealed class CertificateIssuer(OneWindowDb db, Seals seals, LedgerWriter ledger, IOptions<CertificateOptions> options, TimeProvider clock, IssuingReferences references)
{
    public const string CredentialContext = "https://www.w3.org/ns/credentials/v2";

    /// <summary>What issuing one certificate needs, read before the write transaction so its lock is held only for the writes.</summary>
    public sealed record Issuance(Seal Seal, Unit Unit, Account Holder, Catalog.ServiceItem Item);

    /// <summary>
    /// One certificate to issue: for the task <paramref name="TaskId"/> (at most one certificate each), by the unit
    /// <paramref name="UnitId"/>, of the item <paramref name="ItemCode"/>, with the form's <paramref name="Fields"/>,
    /// to <paramref name="Holder"/>, approved by <paramref name="Reviewer"/>. Whoever asks — the application engine, or
    /// the certificate applications filed before it — the issuer knows only this.
    /// </summary>
    public sealed record Request(Guid TaskId, Guid UnitId, string ItemCode, IReadOnlyDictionary<string, string> Fields, Account Holder, Account Reviewer);

    /// <summary>
    /// Reads, for a batch of approvals, what each certificate needs — the units' signing seals, which
    /// reviewers have a registered signature, the units and items — from <see cref="IssuingReferences"/>
    /// (one query each for what it does not hold), and checks each approval: the unit can issue and the reviewer may sign. The caller
    /// has read the holders with the applications.
    /// </summary>
    public async Task<IReadOnlyList<Outcome<Issuance>>> PrepareAsync(IReadOnlyList<Request> approvals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        var unitIds = approvals.Select(a => a.UnitId).Distinct().ToList();
        var reviewerIds = approvals.Select(a => a.Reviewer.Id).Distinct().ToList();
        var itemCodes = approvals.Select(a => a.ItemCode).Distinct().ToList();
        var now = clock.GetUtcNow();
        var seals = (await references.SealsAsync(db, unitIds, ct)).ToDictionary(p => p.Key, p => p.Value.FirstOrDefault(s => s.CanSign(now)));
        var signers = await references.SignersAsync(db, reviewerIds, ct);
        var units = await references.UnitsAsync(db, unitIds, ct);
        var items = await references.ItemsAsync(db, itemCodes, ct);
        var prepared = new List<Outcome<Issuance>>(approvals.Count);
        foreach (var request in approvals)
        {
            if (!items.TryGetValue(request.ItemCode, out var item) || item.Output.CertificateType is null)
            {
                prepared.Add(new StateConflict(Texts.T("This item does not produce a certificate")));
            }
            else if (seals.GetValueOrDefault(request.UnitId) is not { } seal)
            {
                prepared.Add(new StateConflict(Texts.T("The unit has no registered, unexpired seal; register one before issuing")));
            }
            else if (!signers.GetValueOrDefault(request.Reviewer.Id))
            {
                prepared.Add(new StateConflict(Texts.T("Your handwritten signature is not registered yet; it must be before you approve")));
            }
            else
            {
                prepared.Add(new Issuance(seal, units[request.UnitId], request.Holder, item));
            }
        }
        return prepared;
    }

    /// <summary>
    /// Mints the certificate <paramref name="certificateId"/> for an approved request at the
    /// status-list position <paramref name="statusIndex"/> (taken with <see cref="AllocateStatusIndexesAsync"/>
    /// in the same transaction): signs the credential, stages its ledger entry in the outbox and adds the
    /// certificate row. Nothing is written until the caller's transaction commits — all of it, or nothing.
    /// </summary>
    public Outcome<Certificate> Mint(Request request, Guid certificateId, Issuance prepared, int statusIndex, DateTimeOffset now, SealSigners signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prepared);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Issuing needs the caller's transaction.");
        }
        if (statusIndex >= BitstringStatusList.Bits)
        {
            return new StateConflict(Texts.T("The unit's status list is full"));
        }
        var (seal, unit, holder, item) = prepared;
        var validFrom = LedgerEvent.Normalize(now);
        var validUntil = validFrom.AddDays(item.Output.ValidityDays ?? options.Value.DefaultValidityDays);
        var type = item.Output.CertificateType!;
        var identifier = LicenceIdentifier.Create(type, unit.CreditCode, statusIndex + 1L, TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone).Year, options.Value.LicenceTypeAuthority);
        var reviewer = request.Reviewer;
        var purpose = request.Fields.GetValueOrDefault("purpose") ?? item.Name;
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var statusListUrl = $"{baseUrl}/api/status-lists/{unit.Id}";

        var facts = new JsonObject();
        foreach (var field in item.Fields.Where(f => request.Fields.ContainsKey(f.Name)))
        {
            var value = request.Fields[field.Name];
            var shown = field.Choices?.FirstOrDefault(c => c.Value == value)?.Label ?? value;
            facts[field.Name] = new JsonObject { ["label"] = field.Label, ["value"] = shown };
        }
        var claims = new JsonObject
        {
            ["certificateType"] = type,
            ["licenceIdentifier"] = identifier,
            ["purpose"] = purpose,
            ["facts"] = facts,
            ["reviewer"] = reviewer.RealName,
        };
        if (item.Output.Wording is { } wording)
        {
            // The certificate's text as the committee words it is part of what the seal signs.
            claims["statement"] = wording.Fill(item.Fields, request.Fields,
                (holder.IsOrganisation ? holder.OrganisationName : holder.RealName) ?? "",
                (holder.IsOrganisation ? holder.CreditCode : holder.IdNumber) ?? "", unit.Name);
        }
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialContext),
            ["id"] = $"urn:gbt36904:{identifier}",
            ["type"] = new JsonArray("VerifiableCredential", "GrassrootsCertificate"),
            ["name"] = item.Name,
            ["issuer"] = new JsonObject { ["id"] = $"urn:uscc:{unit.CreditCode}", ["name"] = unit.Name },
            ["validFrom"] = validFrom.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["validUntil"] = validUntil.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["credentialSubject"] = Subject(holder, claims),
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{statusListUrl}#{statusIndex}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = statusIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statusListCredential"] = statusListUrl,
            },
        };
        var jws = CompactJws.Sign(credential, seal.KeyId, signers.For(seal));

        // The ledger records that this identifier was issued by this unit, and a hash of the token — no names.
        var leafHash = LedgerOutbox.Stage(db, LedgerEvent.Create("certificate.issued", identifier, $"uscc:{unit.CreditCode}", now, new
        {
            certificateType = type,
            sealKeyId = seal.KeyId,
            tokenSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(jws))),
            validUntil,
        }));

        var certificate = new Certificate
        {
            Id = certificateId,
            Identifier = identifier,
            TaskId = request.TaskId,
            HolderId = holder.Id,
            UnitId = unit.Id,
            ReviewerId = reviewer.Id,
            SealKeyId = seal.KeyId,
            CertificateType = type,
            Purpose = purpose,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            Jws = jws,
            StatusIndex = statusIndex,
            LedgerLeafHash = leafHash,
            VerificationCode = VerificationCode.New(),
        };
        db.Certificates.Add(certificate);
        return certificate;
    }

    /// <summary>
    /// Who the certificate is about: a resident by name and identity number, an enterprise or institution by its
    /// registered name and unified social credit code (its agent acts for it but is not its holder).
    /// </summary>
    private static JsonObject Subject(Account holder, JsonObject claims)
    {
        var subject = holder.IsOrganisation
            ? new JsonObject { ["type"] = "Organization", ["name"] = holder.OrganisationName, ["creditCode"] = holder.CreditCode }
            : new JsonObject { ["type"] = "Resident", ["name"] = holder.RealName, ["idNumber"] = holder.IdNumber };
        foreach (var (name, value) in claims.ToList())
        {
            claims.Remove(name);
            subject[name] = value;
        }
        return subject;
    }

    /// <summary>Seal keys unwrapped and imported once for a batch of certificates, and wiped when it is done.</summary>
    public SealSigners Signers() => new(seals);

    public sealed class SealSigners(Seals seals) : IDisposable
    {
        private readonly Dictionary<string, Ed25519.Signer> _signers = new(StringComparer.Ordinal);

        public Ed25519.Signer For(Seal seal)
        {
            ArgumentNullException.ThrowIfNull(seal);
            if (!_signers.TryGetValue(seal.KeyId, out var signer))
            {
                var key = seals.PrivateKey(seal);
                try
                {
                    signer = new Ed25519.Signer(key);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                }
                _signers.Add(seal.KeyId, signer);
            }
            return signer;
        }

        public void Dispose()
        {
            foreach (var signer in _signers.Values)
            {
                signer.Dispose();
            }
            _signers.Clear();
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> consecutive status-list positions of a unit with one atomic upsert in
    /// the caller's transaction, and returns the first (zero-based). Concurrent issuers never read the same
    /// value: on SQLite there is one writer at a time, on PostgreSQL the unit's row stays locked until the
    /// caller commits — held by one batch of approvals, not one approval, so the wait is short.
    /// </summary>
    public async Task<int> AllocateStatusIndexesAsync(Guid unitId, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Allocating needs the caller's transaction.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO status_lists (\"UnitId\", \"NextIndex\") VALUES (@unit, @count) " +
            "ON CONFLICT (\"UnitId\") DO UPDATE SET \"NextIndex\" = status_lists.\"NextIndex\" + @count RETURNING \"NextIndex\"";
        // EF keeps Guid keys on SQLite as upper-case text; PostgreSQL has a uuid type.
        command.AddParameter("@unit", db.Database.IsNpgsql() ? unitId : unitId.ToString().ToUpperInvariant());
        command.AddParameter("@count", count);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) - count;
    }

    /// <summary>The issuing unit revokes with a reason; the status list and the ledger say so from then on.</summary>
    public async Task<Outcome<Certificate>> RevokeAsync(Account actor, Guid certificateId, string? reason, CancellationToken ct)
    {
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Id == certificateId, ct);
        if (certificate is null)
        {
            return new Missing("Certificate");
        }
        if (actor.UnitId != certificate.UnitId || !(actor.Has(StaffRoles.Reviewer) || actor.Has(StaffRoles.UnitAdmin)))
        {
            return new Forbidden(Texts.T("Only the issuing unit's reviewers or admin revoke its certificates"));
        }
        var note = TextInput.Note(reason, "reason");
        if (!note.Succeeded)
        {
            return note.Failure!;
        }
        var text = note.Value!;
        if (certificate.RevokedAt is not null)
        {
            return new StateConflict(Texts.T("The certificate is already revoked"), "revoked");
        }
        var unit = await UnitQueries.FindAsync(db, certificate.UnitId, ct) ?? throw new InvalidOperationException("A certificate names a unit that does not exist");
        var now = clock.GetUtcNow();
        var leafHash = LedgerOutbox.Stage(db, LedgerEvent.Create("certificate.revoked", certificate.Identifier, $"uscc:{unit.CreditCode}", now, new { reason = text }));
        if (certificate.Revoke(text, leafHash, now) is { } failure)
        {
            return failure;
        }
        try
        {
            await db.SaveChangesAsync(ct); // the revocation and its ledger entry commit together
        }
        catch (DbUpdateConcurrencyException)
        {
            return new StateConflict(Texts.T("The certificate was revoked by someone else just now"), "revoked");
        }
        ledger.Wake();
        return certificate;
    }

    /// <summary>The unit's Bitstring Status List credential, signed with its current (or latest) registered seal.</summary>
    public async Task<Outcome<string>> StatusListCredentialAsync(Guid unitId, CancellationToken ct)
    {
        var unit = await UnitQueries.FindAsync(db, unitId, ct);
        if (unit is null)
        {
            return new Missing("Unit");
        }
        var seal = await db.Seals.AsNoTracking().Where(s => s.UnitId == unitId && s.Status == RegistrationStatus.Registered).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        if (seal is null)
        {
            return new Missing("A registered seal of the unit");
        }
        var revoked = await db.Certificates.AsNoTracking().Where(c => c.UnitId == unitId && c.RevokedAt != null).Select(c => c.StatusIndex).ToListAsync(ct);
        var url = $"{options.Value.BaseUrl.TrimEnd('/')}/api/status-lists/{unitId}";
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = new JsonObject { ["id"] = $"urn:uscc:{unit.CreditCode}", ["name"] = unit.Name },
            ["validFrom"] = LedgerEvent.Normalize(clock.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = BitstringStatusList.Encode(revoked),
            },
        };
        return CompactJws.Sign(credential, seal.KeyId, seals.PrivateKey(seal));
    }
}
