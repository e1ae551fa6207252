using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneWindow.Server.Infrastructure;

/// <summary>/healthz as JSON: the overall status and each check's status and what an operator should do.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, OneWindow.Common.JsonDefaults.Options));
    }
}
