using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Accepts only RFC 3339 timestamps with an explicit offset (<c>2026-03-01T09:30:00Z</c>,
/// <c>2026-03-01T09:30:00+01:00</c>), as the wire contract requires; a timestamp without offset would otherwise be
/// read in the server's zone. Throws a message-less <see cref="JsonException"/> so System.Text.Json reports the
/// property path (e.g. <c>$.dispensedAt</c>) in the error.
/// </summary>
internal sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }

        return Rfc3339.TryParseTimestamp(reader.GetString(), out var value) ? value : throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
    }
}
