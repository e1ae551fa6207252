using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using OneWindow.Applications;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Certificates;

/// <summary>
/// The only way a certificate is minted: a W3C Verifiable Credential 2.0 signed as a compact JWS with
/// the unit's registered seal, given a GB/T 36904 identifier and a status-list position, and recorded
/// in the transparency ledger (without personal data) before it is handed out.
/// </summary>
public sealed class CertificateIssuer(OneWindowDb db, Seals seals, LedgerWriter ledger, IOptions<CertificateOptions> options, TimeProvider clock)
{
    public const string CredentialContext = "https://www.w3.org/ns/credentials/v2";

    /// <summary>What issuing reads: gathered before the transaction, so the write lock is held only for the writes.</summary>
    public sealed record Issuance(Seal Seal, Unit Unit, Account Holder, Catalog.ServiceItem Item);

    /// <summary>Checks that the unit can issue and the reviewer may sign, and reads what the certificate needs.</summary>
    public async Task<Outcome<Issuance>> PrepareAsync(CertificateApplication application, Account reviewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(reviewer);
        var seal = await seals.SigningSealAsync(application.UnitId, ct);
        if (!seal.Succeeded)
        {
            return seal.Failure!;
        }
        var specimen = await db.SignatureSpecimens.AsNoTracking().AnyAsync(s => s.AccountId == reviewer.Id && s.Status == RegistrationStatus.Registered, ct);
        if (!specimen)
        {
            return new StateConflict("Your handwritten signature is not registered (备案) yet; it must be before you approve");
        }
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == application.UnitId, ct);
        var holder = await db.Users.AsNoTracking().FirstAsync(a => a.Id == application.ApplicantId, ct);
        var item = await db.ServiceItems.AsNoTracking().FirstAsync(i => i.Code == application.ItemCode, ct);
        return new Issuance(seal.Value!, unit, holder, item);
    }

    /// <summary>
    /// Mints the certificate <paramref name="certificateId"/> for an approved application. Must run inside
    /// the caller's transaction: the status-list position is allocated with an atomic increment, and the
    /// certificate row and its ledger entry (staged in the outbox) are saved by the caller's commit — all
    /// of it, or nothing.
    /// </summary>
    public async Task<Outcome<Certificate>> IssueAsync(CertificateApplication application, Account reviewer, Guid certificateId, Issuance prepared, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(prepared);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Issuing needs the caller's transaction.");
        }
        var (seal, unit, holder, item) = prepared;
        var statusIndex = await AllocateStatusIndexAsync(unit.Id, ct);
        if (statusIndex >= BitstringStatusList.Bits)
        {
            return new StateConflict("The unit's status list is full");
        }
        var now = clock.GetUtcNow();
        var validFrom = LedgerEvent.Normalize(now);
        var validUntil = validFrom.AddDays(item.Output.ValidityDays ?? options.Value.DefaultValidityDays);
        var type = item.Output.CertificateType!;
        var identifier = LicenceIdentifier.Create(type, unit.CreditCode, statusIndex + 1L, TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone).Year, options.Value.LicenceTypeAuthority);
        var purpose = application.Fields.GetValueOrDefault("purpose") ?? item.Name;
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var statusListUrl = $"{baseUrl}/api/status-lists/{unit.Id}";

        var facts = new JsonObject();
        foreach (var field in item.Fields.Where(f => application.Fields.ContainsKey(f.Name)))
        {
            var value = application.Fields[field.Name];
            var shown = field.Choices?.FirstOrDefault(c => c.Value == value)?.Label ?? value;
            facts[field.Name] = new JsonObject { ["label"] = field.Label, ["value"] = shown };
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
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = "Resident",
                ["name"] = holder.RealName,
                ["idNumber"] = holder.IdNumber,
                ["certificateType"] = type,
                ["licenceIdentifier"] = identifier,
                ["purpose"] = purpose,
                ["facts"] = facts,
                ["reviewer"] = reviewer.RealName,
            },
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{statusListUrl}#{statusIndex}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = statusIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statusListCredential"] = statusListUrl,
            },
        };
        var jws = CompactJws.Sign(credential, seal.KeyId, seals.PrivateKey(seal));

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
            ApplicationId = application.Id,
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
    /// Takes the unit's next status-list position with one atomic increment: concurrent issuers of a unit
    /// never read the same value. On SQLite (one writer at a time) it happens in the caller's transaction.
    /// On PostgreSQL it is one upsert in a short transaction of its own, so the row lock is held for one
    /// statement rather than until the approval commits; an approval that then fails leaves its number
    /// unused, as a sequence would. Returns the zero-based index.
    /// </summary>
    private async Task<int> AllocateStatusIndexAsync(Guid unitId, CancellationToken ct)
    {
        const string upsert = "INSERT INTO status_lists (\"UnitId\", \"NextIndex\") VALUES (@unit, 1) " +
            "ON CONFLICT (\"UnitId\") DO UPDATE SET \"NextIndex\" = status_lists.\"NextIndex\" + 1 RETURNING \"NextIndex\"";
        if (db.Database.IsNpgsql())
        {
            await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand(upsert, connection);
            command.Parameters.AddWithValue("unit", unitId);
            return (int)(await command.ExecuteScalarAsync(ct))! - 1;
        }
        // SQLite: the same single statement, in the caller's transaction (EF keeps Guid keys as upper-case text).
        await using var sqlite = db.Database.GetDbConnection().CreateCommand();
        sqlite.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        sqlite.CommandText = upsert;
        var parameter = sqlite.CreateParameter();
        parameter.ParameterName = "@unit";
        parameter.Value = unitId.ToString().ToUpperInvariant();
        sqlite.Parameters.Add(parameter);
        return Convert.ToInt32(await sqlite.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) - 1;
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
            return new Forbidden("Only the issuing unit's reviewers or admin revoke its certificates");
        }
        var note = TextInput.Note(reason, "reason");
        if (!note.Succeeded)
        {
            return note.Failure!;
        }
        var text = note.Value!;
        if (certificate.RevokedAt is not null)
        {
            return new StateConflict("The certificate is already revoked", "revoked");
        }
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == certificate.UnitId, ct);
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
            return new StateConflict("The certificate was revoked by someone else just now", "revoked");
        }
        ledger.Wake();
        return certificate;
    }

    /// <summary>The unit's Bitstring Status List credential, signed with its current (or latest) registered seal.</summary>
    public async Task<Outcome<string>> StatusListCredentialAsync(Guid unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
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
