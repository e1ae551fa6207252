using Microsoft.EntityFrameworkCore;
using OneWindow.DataSharing;

namespace OneWindow.Departments;

/// <summary>
/// Change events of shared data go through the same durable outbox as tasks: one message per subscriber, staged in
/// the writer's unit of work, delivered with Standard Webhooks signatures, retries, backoff, dead letters and replay;
/// the body is the CloudEvent in structured JSON mode.
/// </summary>
public sealed class DataChangeOutbox(DepartmentDispatch dispatch, TimeProvider clock) : IChangeOutbox
{
    public void Stage(OneWindowDb db, IReadOnlyList<ChangeDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(deliveries);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var delivery in deliveries)
        {
            db.WebhookMessages.Add(new WebhookMessage
            {
                Id = delivery.EventId, UnitId = delivery.UnitId, SubscriptionId = delivery.SubscriptionId, Sequence = delivery.Sequence, RecordId = delivery.RecordId,
                Type = ChangeEvents.MessageType, ContentType = ChangeEvents.ContentType, Payload = delivery.Body, CreatedAt = now, DueAt = now,
            });
        }
    }

    public void Committed() => dispatch.Wake();

    public Task<bool> ReachableAsync(OneWindowDb db, Guid unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DepartmentEndpoints.AsNoTracking().AnyAsync(e => e.UnitId == unitId && e.Enabled, ct);
    }
}
