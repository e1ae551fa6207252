using Microsoft.Extensions.Options;
using OneWindow.Federation;

namespace OneWindow.Server.Federation;

/// <summary>Refuses to start with a federation configuration that cannot work: a region that is not a province code, a peer without an address or named twice, plain HTTP beyond loopback.</summary>
public sealed class FederationOptionsCheck : IValidateOptions<FederationOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return options.Peers.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Federation:Peers are configured but Federation:Region is not: name the two-digit province code this platform serves.");
        }
        var problems = new List<string>();
        if (options.Region is not { Length: 2 } region || !region.All(char.IsAsciiDigit))
        {
            problems.Add($"Federation:Region must be a two-digit province code, not '{options.Region}'.");
        }
        foreach (var (peer, i) in options.Peers.Select((p, i) => (p, i)))
        {
            if (peer.Region is not { Length: 2 } || !peer.Region.All(char.IsAsciiDigit) || peer.Region == options.Region)
            {
                problems.Add($"Federation:Peers:{i}:Region must be another region's two-digit province code, not '{peer.Region}'.");
            }
            if (options.Peers.Count(p => p.Region == peer.Region) > 1)
            {
                problems.Add($"Federation:Peers:{i}:Region {peer.Region} is configured more than once.");
            }
            if (OneWindow.Departments.DepartmentEndpoints.CheckUrl(peer.BaseUrl?.ToString(), options.AllowLoopbackHttp) is { } url)
            {
                problems.Add($"Federation:Peers:{i}:BaseUrl {url}");
            }
        }
        if (options.ClockSkew < TimeSpan.Zero || options.MessageLifetime <= TimeSpan.Zero || options.Lease <= options.Timeout)
        {
            problems.Add("Federation: ClockSkew must not be negative, MessageLifetime must be positive, and Lease longer than Timeout.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
