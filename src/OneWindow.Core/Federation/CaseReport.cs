using System.Text.Json.Nodes;
using OneWindow.Applications;
using OneWindow.Certificates;
using OneWindow.Identity;

namespace OneWindow.Federation;

/// <summary>
/// What the handling platform reports to the forwarding one about a case: its state and version, each task (item,
/// unit, state, due date, the reason of a refusal, what a supplement asks for) with the certificate it issued (the
/// signed credential, its verification code, and the seal's public key, so the other platform can verify it), and the
/// timeline without the staff who acted. No form values go back: the other side has them.
/// </summary>
public static class CaseReport
{
    public static async Task<JsonObject?> BuildAsync(OneWindowDb db, Guid applicationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var application = await ApplicationQueries.FindAsync(db, applicationId, ct);
        if (application is null)
        {
            return null;
        }
        var units = await UnitQueries.NamesAsync(db, [.. application.Tasks.Select(t => t.UnitId).Distinct()], ct);
        var items = await Catalog.CatalogQueries.ItemsAsync(db, [.. application.Tasks.Select(t => t.ItemCode).Distinct()], ct);
        var certificates = (await CertificateQueries.IssuedTokensAsync(db, [.. application.Tasks.Select(t => t.Id)], ct)).ToDictionary(c => c.TaskId);
        var tasks = new JsonArray();
        foreach (var task in application.Tasks.OrderBy(t => t.ItemCode, StringComparer.Ordinal))
        {
            var item = items.GetValueOrDefault(task.ItemCode);
            var entry = new JsonObject
            {
                ["itemCode"] = task.ItemCode,
                ["itemName"] = item?.Name ?? task.ItemCode,
                ["itemNameEn"] = item?.NameEn ?? task.ItemCode,
                ["unit"] = units.GetValueOrDefault(task.UnitId, ""),
                ["state"] = task.State.ToString(),
                ["dueDate"] = task.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["reason"] = task.Reason,
            };
            if (task.State == TaskState.SupplementRequested)
            {
                entry["supplementFields"] = new JsonArray([.. task.SupplementFields.Select(f => (JsonNode)f)]);
                entry["supplementMaterials"] = new JsonArray([.. task.SupplementMaterials.Select(f => (JsonNode)f)]);
            }
            if (certificates.GetValueOrDefault(task.Id) is { } certificate)
            {
                var jwks = await Jwks.BuildAsync(db, certificate.SealKeyId, ct);
                entry["certificate"] = new JsonObject
                {
                    ["identifier"] = certificate.Identifier,
                    ["jws"] = certificate.Jws,
                    ["verificationCode"] = certificate.VerificationCode,
                    ["revoked"] = certificate.RevokedAt is not null,
                    ["sealKey"] = (jwks["keys"] as JsonArray)?.FirstOrDefault()?.DeepClone(),
                };
            }
            tasks.Add(entry);
        }
        return new JsonObject
        {
            ["originCaseId"] = application.OriginCaseId?.ToString(),
            ["caseId"] = application.Id.ToString(),
            ["version"] = application.Version,
            ["state"] = application.State.ToString(),
            ["dueDate"] = application.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["tasks"] = tasks,
            ["history"] = new JsonArray([.. application.History.Select(h => (JsonNode)new JsonObject
            {
                ["at"] = h.At.ToUnixTimeMilliseconds(),
                ["kind"] = h.Kind,
                ["itemCode"] = h.ItemCode,
                ["note"] = h.Note,
            })]),
        };
    }
}
