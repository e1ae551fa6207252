using Microsoft.EntityFrameworkCore;
using OneWindow.Ledger;

namespace OneWindow.Certificates;

/// <summary>
/// Cross-checks the transparency ledger against the certificates table: every certificate has exactly
/// one <c>certificate.issued</c> entry (by leaf hash), every such entry belongs to a certificate, and
/// the same holds for revocations. Events still in the outbox are counted as pending, not missing.
/// </summary>
public static class AuditLedger
{
    public const string Issued = "certificate.issued";
    public const string Revoked = "certificate.revoked";

    /// <summary>A mismatch: what is wrong, about which identifier, and the ledger index where there is one.</summary>
    public sealed record Finding(string Kind, string Identifier, long? LedgerIndex);

    public sealed record Report(long Certificates, long IssuedEntries, long RevokedEntries, long Pending, IReadOnlyList<Finding> Findings, long FindingCount)
    {
        public bool Consistent => FindingCount == 0;
    }

    /// <summary>Runs the audit; at most <paramref name="maxFindings"/> findings are listed (all are counted).</summary>
    public static async Task<Report> RunAsync(OneWindowDb db, CancellationToken ct, int maxFindings = 1000)
    {
        // Expected entries, keyed by leaf hash: what each certificate row says was recorded.
        var expected = new Dictionary<string, (string Identifier, string Type)>(StringComparer.Ordinal);
        long certificates = 0;
        await foreach (var c in db.Certificates.AsNoTracking().Select(c => new { c.Identifier, c.LedgerLeafHash, c.RevocationLeafHash, c.RevokedAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            certificates++;
            expected[Key(c.LedgerLeafHash)] = (c.Identifier, Issued);
            if (c.RevocationLeafHash is { } revoked)
            {
                expected[Key(revoked)] = (c.Identifier, Revoked);
            }
        }
        var pending = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var leaf in LedgerQueries.PendingLeafHashesAsync(db, ct))
        {
            pending.Add(Key(leaf));
        }

        var findings = new List<Finding>();
        long count = 0;
        void Report(string kind, string identifier, long? index)
        {
            count++;
            if (findings.Count < maxFindings)
            {
                findings.Add(new Finding(kind, identifier, index));
            }
        }

        long issued = 0, revokedEntries = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in LedgerQueries.EntriesOfTypesAsync(db, [Issued, Revoked]).WithCancellation(ct))
        {
            if (e.Type == Issued)
            {
                issued++;
            }
            else
            {
                revokedEntries++;
            }
            var key = Key(e.LeafHash);
            if (!expected.TryGetValue(key, out var owner) || owner.Type != e.Type || owner.Identifier != e.Subject)
            {
                Report(e.Type == Issued ? "entry-without-certificate" : "revocation-entry-without-revocation", e.Subject, e.Index);
            }
            else if (!seen.Add(key))
            {
                Report(e.Type == Issued ? "duplicate-issued-entry" : "duplicate-revocation-entry", e.Subject, e.Index);
            }
        }
        foreach (var (key, owner) in expected)
        {
            if (!seen.Contains(key) && !pending.Contains(key))
            {
                Report(owner.Type == Issued ? "certificate-without-entry" : "revocation-without-entry", owner.Identifier, null);
            }
        }
        return new Report(certificates, issued, revokedEntries, pending.Count, findings, count);
    }

    private static string Key(byte[] hash) => Convert.ToBase64String(hash);
}
