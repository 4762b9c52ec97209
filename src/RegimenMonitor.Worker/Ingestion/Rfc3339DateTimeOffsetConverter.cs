using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegimenMonitor.Worker.Ingestion;

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

        var text = reader.GetString()!;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException();
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 10)
        {
            return false;
        }

        var time = text.AsSpan(t + 1);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') > 0;
    }
}
