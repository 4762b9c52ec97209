using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegimenMonitor.Contracts;

/// <summary>
/// Reads <see cref="MedicationDispensed.DaysSupply"/> from any JSON number whose value is whole: JSON does not tell
/// <c>30</c> from <c>30.0</c> or <c>3e1</c>, and serialisers that keep numbers as floating point (Python, Java's
/// <c>double</c>) write the second form. A fraction (<c>30.5</c>) is not read. Writes a plain integer.
/// </summary>
internal sealed class WholeDaysConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var days))
            {
                return days;
            }

            if (reader.TryGetDecimal(out var value) && value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue)
            {
                return (int)value;
            }
        }

        throw new JsonException("daysSupply must be a whole JSON number of days");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
