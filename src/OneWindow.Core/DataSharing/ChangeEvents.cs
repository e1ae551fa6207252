using System.Net.Mime;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Storage;

namespace OneWindow.DataSharing;

/// <summary>One change event for one subscriber: its id (also the <c>webhook-id</c>), sequence, and the CloudEvent as sent.</summary>
public sealed record ChangeDelivery(Guid SubscriptionId, Guid UnitId, long Sequence, string EventId, Guid RecordId, string Body);

/// <summary>
/// Where change events go: the durable webhook outbox of the departments' systems, staged in the caller's unit of
/// work (so they commit with the record or not at all). Implemented by the Departments module; the shared-data
/// module does not know how messages are delivered.
/// </summary>
public interface IChangeOutbox
{
    void Stage(OneWindowDb db, IReadOnlyList<ChangeDelivery> deliveries);

    /// <summary>The save that staged deliveries has committed: deliver now rather than at the next poll.</summary>
    void Committed();

    /// <summary>Whether the unit has an enabled system to receive events.</summary>
    Task<bool> ReachableAsync(OneWindowDb db, Guid unitId, CancellationToken ct);
}

/// <summary>
/// Change propagation (一处变更、多方同步): when a new version of a record is written, each active subscription to
/// its item whose fields changed gets a CloudEvents 1.0 event (structured JSON mode; type
/// <see cref="EventType"/>; source <c>/data/&lt;item&gt;</c>; subject the record's keyed subject hash, never an identity
/// number; <c>sequence</c> the subscription's next number) whose data holds the subscribed fields of the new version
/// — only while the subscription's grant is approved and unexpired. Each push is recorded as a read of those fields
/// (data log, ledger), in the write's transaction.
/// </summary>
public static class ChangeEvents
{
    public const string EventType = "cn.gov.onewindow.data.changed";

    public const string ContentType = "application/cloudevents+json";

    public const string MessageType = "data.changed";

    private static readonly JsonEventFormatter Formatter = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    }, new JsonDocumentOptions());

    /// <summary>The fields whose values differ between two versions (all fields of the first version).</summary>
    public static List<string> Changed(JsonObject? previous, JsonObject current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return [.. current.Select(p => p.Key).Union(previous?.Select(p => p.Key) ?? [], StringComparer.Ordinal)
            .Where(name => !JsonNode.DeepEquals(previous?[name], current[name])).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The events for a record just added to <paramref name="db"/> (not yet saved) in an open transaction: sequences
    /// allocated, each push's read and ledger entry staged. Empty when nobody subscribed to what changed.
    /// </summary>
    internal static async Task<List<ChangeDelivery>> PlanAsync(OneWindowDb db, SharedDataItem item, SharedDataRecord record, string subject, Unit writer,
        JsonObject? previous, JsonObject current, DateTimeOffset now, CancellationToken ct)
    {
        var changed = Changed(previous, current);
        var subscriptions = await db.DataSubscriptions.AsNoTracking().Where(s => s.ItemCode == item.Code && s.Active).OrderBy(s => s.Id).ToListAsync(ct);
        if (changed.Count == 0 || subscriptions.Count == 0)
        {
            return [];
        }
        var grantIds = subscriptions.Select(s => s.GrantId).Distinct().ToList();
        var grants = await db.DataGrants.AsNoTracking().Where(g => grantIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var deliveries = new List<ChangeDelivery>();
        foreach (var subscription in subscriptions)
        {
            var grant = grants.GetValueOrDefault(subscription.GrantId);
            if (grant is null || grant.Refuses(grant.Purpose, subscription.Fields, now) is not null || !subscription.Fields.Intersect(changed, StringComparer.Ordinal).Any())
            {
                continue; // revoked, expired, or nothing it follows changed
            }
            var sequence = await NextSequenceAsync(db, subscription.Id, ct);
            var eventId = "msg_" + Guid.CreateVersion7(now).ToString("N");
            var readId = Guid.CreateVersion7(now);
            var leaf = LedgerOutbox.Stage(db, LedgerEvent.Create("data.read", $"data:{item.Code}:{record.SubjectHash}", $"uscc:{writer.CreditCode}", now, new
            {
                read = readId,
                item = item.Code,
                version = record.Version,
                grant = grant.Id,
                purpose = grant.Purpose,
                fields = subscription.Fields,
                pushedTo = subscription.UnitId,
                @event = eventId,
            }));
            db.DataReads.Add(new DataRead
            {
                Id = readId, ItemCode = item.Code, RecordVersion = record.Version, SubjectHash = record.SubjectHash, ConsumerUnitId = subscription.UnitId, GrantId = grant.Id,
                Purpose = grant.Purpose, Fields = [.. subscription.Fields], ReadBy = Guid.Empty, ReadAt = now, LedgerLeafHash = leaf,
            });
            var data = new JsonObject();
            foreach (var name in subscription.Fields.Where(current.ContainsKey))
            {
                data[name] = current[name]!.DeepClone();
            }
            var cloudEvent = new CloudEvent
            {
                Id = eventId,
                Source = new Uri($"/data/{item.Code}", UriKind.Relative),
                Type = EventType,
                Subject = record.SubjectHash,
                Time = now,
                DataContentType = MediaTypeNames.Application.Json,
                Data = new JsonObject
                {
                    ["item"] = item.Code,
                    ["subject"] = subject,
                    ["version"] = record.Version,
                    ["changed"] = new JsonArray([.. changed.Where(subscription.Fields.Contains).Select(c => (JsonNode)c!)]),
                    ["record"] = data,
                    ["grant"] = grant.Id.ToString(),
                    ["purpose"] = grant.Purpose,
                    ["read"] = readId.ToString(),
                },
            };
            cloudEvent.SetSequence(checked((int)sequence)); // the sequence extension with sequencetype Integer: receivers order numerically
            var body = Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span);
            deliveries.Add(new ChangeDelivery(subscription.Id, subscription.UnitId, sequence, eventId, record.Id, body));
        }
        return deliveries;
    }

    /// <summary>The subscription's next sequence number, taken in the caller's transaction (a concurrent writer waits for it, on PostgreSQL by the row lock, on SQLite as the one writer).</summary>
    private static async Task<long> NextSequenceAsync(OneWindowDb db, Guid subscriptionId, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """UPDATE data_subscriptions SET "LastSequence" = "LastSequence" + 1 WHERE "Id" = @id RETURNING "LastSequence" """;
        command.AddParameter("@id", db.Database.IsNpgsql() ? subscriptionId : subscriptionId.ToString().ToUpperInvariant()); // EF keeps Guids on SQLite as upper-case text
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
