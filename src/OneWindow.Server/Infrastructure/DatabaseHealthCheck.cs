using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneWindow.Server.Infrastructure;

/// <summary>Healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(OneWindowDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer", ex);
        }
    }
}
