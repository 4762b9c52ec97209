using System.Globalization;
using System.Text.Json.Nodes;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The FHIR resource and server-assigned version an item was last set from, kept in the item's details
/// (<c>fhirVersion</c>: <c>{"resource": "MedicationDispense/abc", "version": 2, "timed": false}</c>) when the resource had
/// an id and a whole-number <c>meta.versionId</c>; <c>timed</c> says whether it carried <c>meta.lastUpdated</c>. Versions
/// of one resource count up, so they order its corrections across messages where the times cannot: two versions with the
/// same time (the same <c>whenHandedOver</c>, no <c>meta.lastUpdated</c>), or one of them without <c>meta.lastUpdated</c>,
/// arriving out of order (found by an independent edge probe: version 1 arriving after version 2 replaced it). When both
/// carry <c>meta.lastUpdated</c> and the times differ, the times decide: a server whose versions restarted (a migration
/// that kept the ids) then still applies its corrections. Native events and resources without such a version carry
/// none and are ordered by time.
/// </summary>
internal static class ResourceVersion
{
    private const string Key = "fhirVersion";

    /// <summary>
    /// A version as recorded: the resource (<c>Type/id</c>), its number, whether it carried <c>meta.lastUpdated</c>, and
    /// the keys of its business identifiers (empty for versions recorded before 2026-12-06).
    /// </summary>
    internal readonly record struct Recorded(string Resource, long Version, bool Timed, string[] Keys);

    /// <summary><paramref name="detailsJson"/> with the resource's version recorded (unchanged when it has none that counts).</summary>
    public static string? With(string? detailsJson, string resourceType, string? id, string? versionId, bool timed, string[]? keys = null)
    {
        if (id is not { Length: > 0 } || !long.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return detailsJson;
        }

        return Write(detailsJson, new Recorded(resourceType + "/" + id, version, timed, keys ?? []));
    }

    /// <summary>
    /// Whether two recorded versions are of one resource as a sender keeps it: the same <c>Type/id</c> and a business
    /// identifier in common. The id alone is not enough: two servers can both number a dispense 123 for one patient.
    /// </summary>
    public static bool SameResource(Recorded one, Recorded other) =>
        string.Equals(one.Resource, other.Resource, StringComparison.Ordinal) && one.Keys.Intersect(other.Keys, StringComparer.Ordinal).Any();

    /// <summary>
    /// <paramref name="detailsJson"/> with the version <paramref name="fromDetails"/> records (a withdrawal's), or with none
    /// when it records none: the item's last event is then that one, ordered by its time.
    /// </summary>
    public static string? Carry(string? detailsJson, string? fromDetails)
    {
        var version = Read(fromDetails);
        return version is null && (detailsJson is null || !detailsJson.Contains(Key, StringComparison.Ordinal))
            ? detailsJson
            : Write(detailsJson, version);
    }

    internal static Recorded? Read(string? detailsJson)
    {
        if (detailsJson is null || !detailsJson.Contains(Key, StringComparison.Ordinal) || ItemDetails.Parse(detailsJson) is not { } details
            || details[Key] is not JsonObject entry
            || entry["resource"] is not JsonValue resource || !resource.TryGetValue<string>(out var name)
            || entry["version"] is not JsonValue version || !version.TryGetValue<long>(out var number))
        {
            return null;
        }

        var keys = entry["keys"] is JsonArray array ? [.. array.OfType<JsonValue>().Select(k => k.TryGetValue<string>(out var key) ? key : null).OfType<string>()] : Array.Empty<string>();
        return new Recorded(name, number, entry["timed"] is JsonValue timed && timed.TryGetValue<bool>(out var t) && t, keys);
    }

    private static string? Write(string? detailsJson, Recorded? version) =>
        ItemDetails.Set(detailsJson, Key, version is { } v
            ? v.Keys.Length == 0
                ? new JsonObject { ["resource"] = v.Resource, ["version"] = v.Version, ["timed"] = v.Timed }
                : new JsonObject { ["resource"] = v.Resource, ["version"] = v.Version, ["timed"] = v.Timed, ["keys"] = new JsonArray([.. v.Keys.Select(k => (JsonNode?)k)]) }
            : null);
}
