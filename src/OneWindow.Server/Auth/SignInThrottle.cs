using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OneWindow.Server.Auth;

/// <summary>
/// Limits failed sign-ins per client address and per account name with fixed-window rate limiters
/// (System.Threading.RateLimiting, the limiter ASP.NET Core's middleware is built on). Only failures
/// spend a permit, so people who type their password right are never slowed; unknown and known
/// account names are limited alike, so the limit reveals nothing.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _clients;
    private readonly PartitionedRateLimiter<string> _accounts;

    public SignInThrottle(IOptions<SignInOptions> options)
    {
        var o = options.Value;
        _clients = Limiter(o.FailuresPerClient, o.Window);
        _accounts = Limiter(o.FailuresPerAccount, o.Window);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));

    /// <summary>Null when the client may try; otherwise how long it must wait.</summary>
    public TimeSpan? Blocked(string client, string account)
    {
        foreach (var (limiter, key) in new[] { (_clients, client), (_accounts, Normalize(account)) })
        {
            using var lease = limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired)
            {
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            }
        }
        return null;
    }

    /// <summary>Spends one permit of the client and one of the account name.</summary>
    public void Failed(string client, string account)
    {
        _clients.AttemptAcquire(client).Dispose();
        _accounts.AttemptAcquire(Normalize(account)).Dispose();
    }

    private static string Normalize(string account) => account.Trim().ToUpperInvariant();

    public void Dispose()
    {
        _clients.Dispose();
        _accounts.Dispose();
    }
}
