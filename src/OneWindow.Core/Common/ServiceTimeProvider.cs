using Microsoft.Extensions.Configuration;

namespace OneWindow.Common;

/// <summary>
/// The system clock, whose local time is the service's time zone (Asia/Shanghai unless
/// <c>Service:TimeZone</c> says otherwise) rather than the server's: "today" for due dates, birth
/// dates and licence numbers is the day in the place the service is for, wherever it runs.
/// </summary>
public sealed class ServiceTimeProvider(TimeZoneInfo zone) : TimeProvider
{
    public const string DefaultZone = "Asia/Shanghai";

    public override TimeZoneInfo LocalTimeZone { get; } = zone;

    /// <summary>The provider for <c>Service:TimeZone</c>; an unknown zone is a clear start-up error.</summary>
    public static ServiceTimeProvider FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var id = configuration["Service:TimeZone"] ?? DefaultZone;
        try
        {
            return new ServiceTimeProvider(TimeZoneInfo.FindSystemTimeZoneById(id));
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"Service:TimeZone '{id}' is not a time zone this machine knows (install tzdata, or give an IANA id such as {DefaultZone}).", ex);
        }
    }
}
