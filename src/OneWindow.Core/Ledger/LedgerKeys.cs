using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Security;

namespace OneWindow.Ledger;

/// <summary>
/// The log's Ed25519 signing key: created on first use, stored with its private half wrapped by the
/// key-encryption key, unwrapped only in memory to sign.
/// </summary>
public sealed class LedgerKeys(KeyEncryption encryption, IOptions<LedgerOptions> options, TimeProvider clock)
{
    private const string Purpose = "onewindow/ledger-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Id, NoteKey Key, Ed25519.Signer Signer)? _active;

    public string Origin => options.Value.Origin;

    /// <summary>The active key, created if the log has none.</summary>
    public async Task<(int Id, NoteKey Key, Ed25519.Signer Signer)> ActiveAsync(OneWindowDb db, CancellationToken ct)
    {
        if (_active is { } active)
        {
            return active;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_active is { } again)
            {
                return again;
            }
            var row = await db.LedgerKeys.AsNoTracking().Where(k => k.RetiredAt == null && k.Name == Origin).OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct);
            if (row is null)
            {
                var pair = Ed25519.Generate();
                row = new LedgerKey
                {
                    Name = Origin,
                    PublicKey = pair.PublicKey,
                    EncryptedPrivateKey = encryption.Wrap(pair.PrivateKey, Purpose),
                    CreatedAt = clock.GetUtcNow(),
                };
                db.LedgerKeys.Add(row);
                await db.SaveChangesAsync(ct);
            }
            var signer = new Ed25519.Signer(encryption.Unwrap(row.EncryptedPrivateKey, Purpose));
            _active = (row.Id, new NoteKey(row.Name, NoteKey.Ed25519Note, row.PublicKey), signer);
            return _active.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The public key of the active key without needing the private one (read-only tools).</summary>
    public static async Task<NoteKey?> PublicKeyAsync(OneWindowDb db, string origin, CancellationToken ct)
    {
        var row = await db.LedgerKeys.AsNoTracking().Where(k => k.RetiredAt == null && k.Name == origin).OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : new NoteKey(row.Name, NoteKey.Ed25519Note, row.PublicKey);
    }
}
