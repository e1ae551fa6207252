using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Identity;
using OneWindow.Ledger;

namespace OneWindow.Certificates;

/// <summary>
/// Server-side verification: keys from the seal registry, status from the issuing unit's records,
/// and the ledger's inclusion proof. Seal keys are cached briefly (they change only on registration,
/// rotation or revocation of a seal); a certificate's own revocation is read fresh every time.
/// </summary>
public sealed class VerifyCertificate(OneWindowDb db, LedgerReader reader, LedgerCheckpoints checkpoints, VerificationCache cache, IOptions<CertificateOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan s_keyLifetime = TimeSpan.FromSeconds(30);

    public async Task<Verdict> VerifyAsync(string? token, CancellationToken ct, bool checkLedger = true)
    {
        (string Identifier, byte[] LeafHash, DateTimeOffset? RevokedAt)? certificate = null;
        var verdict = await CertificateVerifier.VerifyAsync(token, KeyAsync, async (listUrl, index) =>
        {
            var prefix = options.Value.BaseUrl.TrimEnd('/') + "/api/status-lists/";
            if (!listUrl.StartsWith(prefix, StringComparison.Ordinal) || !Guid.TryParse(listUrl[prefix.Length..], out var unitId))
            {
                return null;
            }
            // Only the columns the verdict needs: this runs on every verification.
            var row = await db.Certificates.AsNoTracking().Where(c => c.UnitId == unitId && c.StatusIndex == index)
                .Select(c => new { c.Identifier, c.LedgerLeafHash, c.RevokedAt }).FirstOrDefaultAsync(ct);
            certificate = row is null ? null : (row.Identifier, row.LedgerLeafHash, row.RevokedAt);
            return row is null ? null : row.RevokedAt is not null;
        }, clock.GetUtcNow());
        if (!checkLedger || certificate is not { } found || verdict.Identifier != found.Identifier)
        {
            return verdict;
        }
        return verdict with { Ledger = await LedgerCheckAsync(found.LeafHash, token!, ct) };
    }

    /// <summary>
    /// Verification from a QR link or a typed certificate number and code: null when no certificate has
    /// both (the same answer for an unknown number and a wrong code), else the full verdict.
    /// </summary>
    public async Task<Verdict?> VerifyByCodeAsync(string? identifier, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(identifier) || string.IsNullOrWhiteSpace(code) || identifier.Length > 200)
        {
            return null;
        }
        var row = await db.Certificates.AsNoTracking().Where(c => c.Identifier == identifier.Trim())
            .Select(c => new { c.Jws, c.VerificationCode }).FirstOrDefaultAsync(ct);
        if (row is null || !VerificationCode.Matches(row.VerificationCode, code))
        {
            return null;
        }
        return await VerifyAsync(row.Jws, ct);
    }

    private async Task<SealKey?> KeyAsync(string kid)
    {
        var now = clock.GetUtcNow();
        if (cache.Keys.TryGetValue(kid, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }
        var seal = await db.Seals.AsNoTracking().Where(s => s.KeyId == kid && (s.Status == RegistrationStatus.Registered || s.Status == RegistrationStatus.Revoked)).FirstOrDefaultAsync();
        var unit = seal is null ? null : await UnitQueries.FindAsync(db, seal.UnitId, CancellationToken.None);
        var row = seal is null || unit is null ? null : new { Seal = seal, unit.Name };
        var key = row is null ? null : new SealKey(kid, row.Seal.PublicKey, row.Name, row.Seal.ValidFrom, row.Seal.ValidUntil, row.Seal.Status == RegistrationStatus.Revoked);
        if (key is not null)
        {
            cache.Keys[kid] = (key, now + s_keyLifetime); // unknown keys are not cached: a newly registered seal works at once
        }
        return key;
    }

    private async Task<LedgerCheck?> LedgerCheckAsync(byte[] leafHash, string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var head = cache.Head is { } cached && cached.Until > now ? cached.Head : null;
        if (head is null)
        {
            head = await checkpoints.LatestAsync(ct);
            cache.Head = (head, now.AddSeconds(1));
        }
        var found = await reader.IndexOfAsync(leafHash, head.Checkpoint.Size, ct);
        if (found is null && cache.Head?.Head == head)
        {
            // Not under the cached head: perhaps logged since; look once more under a fresh checkpoint.
            head = await checkpoints.LatestAsync(ct);
            cache.Head = (head, now.AddSeconds(1));
            found = await reader.IndexOfAsync(leafHash, head.Checkpoint.Size, ct);
        }
        if (found is not { } leafIndex)
        {
            // Staged with the certificate and not yet sequenced (the outbox drains within a second).
            return new LedgerCheck(null, head.Checkpoint.Size, false, false);
        }
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

/// <summary>Per-process caches of the verifier: seal keys (30 s) and the latest checkpoint (1 s).</summary>
public sealed class VerificationCache
{
    public ConcurrentDictionary<string, (SealKey? Key, DateTimeOffset Until)> Keys { get; } = new(StringComparer.Ordinal);

    public (PublishedCheckpoint Head, DateTimeOffset Until)? Head { get; set; }

    /// <summary>Forgets cached seal keys (after a seal is registered, rotated or revoked).</summary>
    public void ForgetKeys() => Keys.Clear();
}
