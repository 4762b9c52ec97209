using System.Text.Json;

namespace RegimenMonitor.Rules.Loading;

/// <summary>Reads required and optional fields of a knowledge base entry; a missing or mistyped one throws naming the entry.</summary>
internal static class JsonFields
{
    public static string RequiredString(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!;
        }

        throw new KnowledgeBaseException($"{label}: missing '{property}'");
    }

    public static int RequiredInt(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number))
        {
            return number;
        }

        throw new KnowledgeBaseException($"{label}: missing integer '{property}'");
    }

    public static JsonElement.ArrayEnumerator RequiredArray(JsonElement element, string property, string label)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }

        throw new KnowledgeBaseException($"{label}: missing array '{property}'");
    }

    public static JsonElement RequiredObject(JsonElement element, string property, string label)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        throw new KnowledgeBaseException($"{label}: missing object '{property}'");
    }

    /// <summary>The entries of an optional array; empty when it is absent.</summary>
    public static IEnumerable<JsonElement> OptionalArray(JsonElement element, string property, string label)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new KnowledgeBaseException($"{label}: '{property}' must be an array");
    }

    public static List<string> OptionalStrings(JsonElement element, string property, string label)
    {
        var result = new List<string>();
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new KnowledgeBaseException($"{label}: '{property}' must be an array of strings");
        }

        foreach (var entry in value.EnumerateArray())
        {
            var text = entry.ValueKind == JsonValueKind.String ? entry.GetString() : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new KnowledgeBaseException($"{label}: '{property}' must contain non-empty strings");
            }

            result.Add(text);
        }

        return result;
    }
}
