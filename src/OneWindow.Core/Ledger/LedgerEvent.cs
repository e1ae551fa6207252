using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneWindow.Ledger;

/// <summary>
/// A typed event recorded in the transparency ledger: what happened (type), to what (subject), by
/// whom (actor), when, with its facts (payload). Its RFC 8785 canonical JSON is the leaf input.
/// </summary>
public sealed record LedgerEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("payload")] JsonElement Payload)
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.General);

    public const int MaxTypeLength = 100;
    public const int MaxSubjectLength = 300;
    /// <summary>The largest encoded event: what an entry bundle's uint16 length can describe.</summary>
    public const int MaxLeafBytes = EntryBundle.MaxEntrySize;

    /// <summary>The canonical bytes; times are UTC with millisecond precision so every writer encodes alike.</summary>
    public byte[] Encode()
    {
        var normalized = this with { Time = Normalize(Time) };
        return CanonicalJson.Serialize(normalized, s_options);
    }

    public static LedgerEvent Decode(ReadOnlySpan<byte> leafInput) =>
        JsonSerializer.Deserialize<LedgerEvent>(leafInput, s_options) ?? throw new InvalidDataException("A ledger entry is not an event.");

    public static DateTimeOffset Normalize(DateTimeOffset time) =>
        new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public static LedgerEvent Create(string type, string subject, string actor, DateTimeOffset time, object? payload) =>
        new(type, subject, actor, Normalize(time), JsonSerializer.SerializeToElement(payload ?? new { }, Common.JsonDefaults.Options));
}
