using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Writes decimals as JSON numbers, as the wire contract says (MassTransit's own converter writes them as strings,
/// which plain-JSON consumers of the contract reject). Reads a number, or the string form MassTransit envelopes
/// carry; whether a string is allowed at all was already decided by <see cref="EventContract"/>.
/// </summary>
internal sealed class NumberDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDecimal(out var value) => value,
        JsonTokenType.String when decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
