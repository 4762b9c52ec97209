using System.Globalization;
using System.Text.Json.Nodes;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The FHIR resource and server-assigned version an item was last set from, kept in the item's details
/// (<c>fhirVersion</c>: <c>{"resource": "MedicationDispense/abc", "version": 2}</c>) when the resource had an id and a
/// whole-number <c>meta.versionId</c>. Versions of one resource count up, so they order its corrections across messages
/// even when the times cannot: two versions with the same <c>whenHandedOver</c> and no <c>meta.lastUpdated</c>, or
/// only one of them with it, arriving out of order (found by an independent edge probe: version 1 arriving after
/// version 2 replaced it). Native events and resources without such a version carry none and are ordered by time.
/// </summary>
internal static class ResourceVersion
{
    private const string Key = "fhirVersion";

    /// <summary><paramref name="detailsJson"/> with the resource's version recorded (unchanged when it has none that counts).</summary>
    public static string? With(string? detailsJson, string resourceType, string? id, string? versionId)
    {
        if (id is not { Length: > 0 } || !TryParse(versionId, out var version))
        {
            return detailsJson;
        }

        var details = detailsJson is null ? new JsonObject() : JsonNode.Parse(detailsJson) as JsonObject ?? new JsonObject();
        details[Key] = new JsonObject { ["resource"] = resourceType + "/" + id, ["version"] = version };
        return details.ToJsonString();
    }

    /// <summary>
    /// <paramref name="detailsJson"/> with the version <paramref name="fromDetails"/> records (a withdrawal's), or with none
    /// when it records none: the item's last event is then that one, ordered by its time.
    /// </summary>
    public static string? Carry(string? detailsJson, string? fromDetails)
    {
        var version = Read(fromDetails);
        if (version is null && (detailsJson is null || !detailsJson.Contains(Key, StringComparison.Ordinal)))
        {
            return detailsJson;
        }

        var details = detailsJson is null ? new JsonObject() : JsonNode.Parse(detailsJson) as JsonObject ?? new JsonObject();
        details.Remove(Key);
        if (version is { } v)
        {
            details[Key] = new JsonObject { ["resource"] = v.Resource, ["version"] = v.Version };
        }

        return details.Count == 0 ? null : details.ToJsonString();
    }

    /// <summary>
    /// How the version in <paramref name="changeDetails"/> compares with the one in <paramref name="storedDetails"/>: negative when it is an
    /// earlier version of the same resource, positive when later; null when either has none or they are other resources
    /// (one dispense number sent as two resources): then the times decide.
    /// </summary>
    public static int? Compare(string? changeDetails, string? storedDetails)
    {
        if (Read(changeDetails) is not { } change || Read(storedDetails) is not { } stored
            || !string.Equals(change.Resource, stored.Resource, StringComparison.Ordinal))
        {
            return null;
        }

        return change.Version.CompareTo(stored.Version);
    }

    private static (string Resource, long Version)? Read(string? detailsJson)
    {
        if (detailsJson is null || !detailsJson.Contains(Key, StringComparison.Ordinal)
            || JsonNode.Parse(detailsJson) is not JsonObject details || details[Key] is not JsonObject entry
            || entry["resource"] is not JsonValue resource || !resource.TryGetValue<string>(out var name)
            || entry["version"] is not JsonValue version || !version.TryGetValue<long>(out var number))
        {
            return null;
        }

        return (name, number);
    }

    private static bool TryParse(string? versionId, out long version) =>
        long.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
