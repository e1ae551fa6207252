using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Ledger;

namespace OneWindow.Certificates;

/// <summary>Server-side verification: keys from the seal registry, status from the issuing unit's list, and the ledger's inclusion proof.</summary>
public sealed class VerifyCertificate(OneWindowDb db, LedgerCheckpoints checkpoints, IOptions<CertificateOptions> options, TimeProvider clock)
{
    public async Task<Verdict> VerifyAsync(string? token, CancellationToken ct)
    {
        var verdict = await CertificateVerifier.VerifyAsync(token, KeyAsync, RevokedAsync, clock.GetUtcNow());
        if (verdict.Identifier is null || verdict.Status == VerdictStatus.Invalid && verdict.KeyId is null)
        {
            return verdict;
        }
        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Identifier == verdict.Identifier, ct);
        if (certificate is null)
        {
            return verdict;
        }
        return verdict with { Ledger = await LedgerCheckAsync(certificate.LedgerIndex, token!, ct) };
    }

    private async Task<SealKey?> KeyAsync(string kid)
    {
        var row = await db.Seals.AsNoTracking().Where(s => s.KeyId == kid && (s.Status == RegistrationStatus.Registered || s.Status == RegistrationStatus.Revoked))
            .Join(db.Units.AsNoTracking(), s => s.UnitId, u => u.Id, (s, u) => new { Seal = s, u.Name }).FirstOrDefaultAsync();
        return row is null ? null : new SealKey(kid, row.Seal.PublicKey, row.Name, row.Seal.ValidFrom, row.Seal.ValidUntil, row.Seal.Status == RegistrationStatus.Revoked);
    }

    private async Task<bool?> RevokedAsync(string listUrl, int index)
    {
        var prefix = options.Value.BaseUrl.TrimEnd('/') + "/api/status-lists/";
        if (!listUrl.StartsWith(prefix, StringComparison.Ordinal) || !Guid.TryParse(listUrl[prefix.Length..], out var unitId))
        {
            return null;
        }
        var revokedAt = await db.Certificates.AsNoTracking().Where(c => c.UnitId == unitId && c.StatusIndex == index).Select(c => new { c.RevokedAt }).FirstOrDefaultAsync();
        return revokedAt is null ? null : revokedAt.RevokedAt is not null;
    }

    private async Task<LedgerCheck?> LedgerCheckAsync(long leafIndex, string token, CancellationToken ct)
    {
        var head = await checkpoints.LatestAsync(ct);
        if (leafIndex >= head.Checkpoint.Size)
        {
            return new LedgerCheck(leafIndex, head.Checkpoint.Size, false, false);
        }
        var reader = new LedgerReader(db);
        var entry = (await reader.EntriesAsync(leafIndex, leafIndex, ct))[0];
        var proof = await reader.InclusionProofAsync(leafIndex, head.Checkpoint.Size, ct);
        var included = Merkle.VerifyInclusion(leafIndex, head.Checkpoint.Size, Merkle.LeafHash(entry.Input), proof, head.Checkpoint.RootHash);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token.Trim())));
        bool matches;
        try
        {
            using var document = JsonDocument.Parse(entry.Input);
            matches = document.RootElement.GetProperty("payload").GetProperty("tokenSha256").GetString() == expected;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            matches = false;
        }
        return new LedgerCheck(leafIndex, head.Checkpoint.Size, included, matches);
    }
}
