using System.Text.Json;
using System.Text.Json.Nodes;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The keys the worker keeps in an item's details beside the event's own (<see cref="StatementStart"/>'s
/// <c>startSource</c>, <see cref="ResourceVersion"/>'s <c>fhirVersion</c>): read and set without touching the others.
/// </summary>
internal static class ItemDetails
{
    /// <summary>The details as a JSON object; null when they are not one (none are stored so; a hand-edited row).</summary>
    public static JsonObject? Parse(string detailsJson)
    {
        try
        {
            return JsonNode.Parse(detailsJson) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><paramref name="detailsJson"/> with <paramref name="key"/> set to <paramref name="value"/>, or removed when it is null.</summary>
    public static string? Set(string? detailsJson, string key, JsonNode? value) => Set(detailsJson, [(key, value)]);

    /// <summary><paramref name="detailsJson"/> with each key set to its value, or removed when it is null: one parse for all.</summary>
    public static string? Set(string? detailsJson, ReadOnlySpan<(string Key, JsonNode? Value)> values)
    {
        var details = (detailsJson is null ? null : Parse(detailsJson)) ?? new JsonObject();
        foreach (var (key, value) in values)
        {
            details.Remove(key);
            if (value is not null)
            {
                details[key] = value;
            }
        }

        return details.Count == 0 ? null : details.ToJsonString();
    }
}
