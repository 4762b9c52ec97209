using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Reads UUIDs; a malformed one throws a message-less <see cref="JsonException"/> so System.Text.Json names the
/// property path (e.g. <c>$.eventId</c>) in the error, which the built-in reader does not.
/// </summary>
internal sealed class StrictGuidConverter : JsonConverter<Guid>
{
    public override Guid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Guid.TryParse(reader.GetString(), out var value) ? value : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, Guid value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
