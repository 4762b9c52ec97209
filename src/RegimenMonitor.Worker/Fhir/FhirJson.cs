using System.Text.Json;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;
using RegimenMonitor.Worker.Infrastructure.Messaging;

using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>A read FHIR body: the resource, and a batch's entries the strict reader refused (0-based index, reasons).</summary>
internal sealed record FhirRead(R4.Resource Resource, IReadOnlyDictionary<int, IReadOnlyList<string>> RefusedEntries);

/// <summary>
/// Reads FHIR R4 JSON with Firely's strict deserializer (unknown elements, wrong types, codes outside a required value
/// set and missing mandatory elements are errors), except that the narrative (<c>text.div</c>) is not validated: it is
/// for people and never read here. Failures become an <see cref="InvalidEventException"/> listing the FHIRPath of each
/// failing element and the kind of failure, never the offending value (Firely's own messages quote values).
/// </summary>
internal static partial class FhirJson
{
    public const string ContentType = "application/fhir+json";

    private static readonly FhirJsonDeserializer Deserializer =
        new(FhirJsonDeserializer.STRICT.Settings with { NarrativeValidation = NarrativeValidationKind.None });

    /// <summary>Firely's code for a property given twice in one JSON object.</summary>
    private const string DuplicatePropertyCode = "JSON129";

    /// <summary>Firely's code for an array without elements (<c>"entry": []</c>), which FHIR JSON does not allow.</summary>
    private const string EmptyArrayCode = "JSON121";

    /// <summary>Firely's code for an underscore property (<c>_identifier</c>) beside an element that is no primitive.</summary>
    private const string NotPrimitiveCode = "JSON133";

    /// <summary>Every element name of the R4 model (choice elements with each type suffix checked separately).</summary>
    private static readonly Lazy<(HashSet<string> Names, HashSet<string> Choices)> Elements = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var choices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in R4.ModelInfo.ModelInspector.ClassMappings.SelectMany(c => c.PropertyMappings))
        {
            names.Add(property.Name);
            if (property.Choice == Hl7.Fhir.Introspection.ChoiceType.DatatypeChoice)
            {
                choices.Add(property.Name);
            }
        }

        return (names, choices);
    });

    /// <summary>
    /// Reads the body as <see cref="Parse"/> does, except that a <c>batch</c> Bundle the strict reader refuses only for
    /// some of its entries is read entry by entry (R4: "each entry is processed independently"): the Bundle comes back
    /// with those entries empty (their <c>fullUrl</c> kept) and their reasons by 0-based index, so its other entries are
    /// still applied. A reason about the Bundle itself (outside its entries), or any other Bundle type, refuses it whole.
    /// </summary>
    public static FhirRead Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return new FhirRead(Parse(json), NoEntriesRefused);
        }
        catch (InvalidEventException whole) when (BatchParts(json) is { } batch)
        {
            try
            {
                _ = Parse(batch.Shell);
            }
            catch (InvalidEventException)
            {
                // the Bundle itself is wrong: nothing in it is read
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(whole);
            }

            var entries = new List<R4.Bundle.EntryComponent>(batch.Entries.Count);
            var refused = new Dictionary<int, IReadOnlyList<string>>();
            for (var i = 0; i < batch.Entries.Count; i++)
            {
                var (entryJson, fullUrl) = batch.Entries[i];
                try
                {
                    // the entry alone in a batch of one: read with the same reader and checks, named at index 0
                    var one = (R4.Bundle)Parse("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + entryJson + "]}");
                    entries.Add(one.Entry.Single());
                }
                catch (Exception e) when (e is InvalidEventException or InvalidCastException or InvalidOperationException)
                {
                    IReadOnlyList<string> reasons = e is InvalidEventException invalid ? invalid.Failures : [$"Bundle.entry[0] cannot be read"];
                    refused[i] = [.. reasons.Select(r => r.Replace("Bundle.entry[0]", $"Bundle.entry[{i}]", StringComparison.Ordinal))];
                    entries.Add(new R4.Bundle.EntryComponent { FullUrl = fullUrl });
                }
            }

            if (refused.Count == 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(whole); // refused as a whole only: nothing to single out
            }

            var bundle = (R4.Bundle)Parse(batch.Shell);
            bundle.Entry = entries;
            return new FhirRead(bundle, refused);
        }
    }

    private static readonly IReadOnlyDictionary<int, IReadOnlyList<string>> NoEntriesRefused = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>
    /// A batch Bundle's parts as JSON: the Bundle without its entries, and each entry's text with its fullUrl (when a
    /// string); null when the body is not a JSON object whose only resourceType is Bundle, only type is batch and only
    /// entry is an array.
    /// </summary>
    private static (string Shell, List<(string Json, string? FullUrl)> Entries)? BatchParts(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var properties = root.EnumerateObject().ToList();
            if (properties.Count(p => p.NameEquals("resourceType")) != 1 || properties.Count(p => p.NameEquals("type")) != 1
                || properties.Count(p => p.NameEquals("entry")) != 1
                || !root.GetProperty("resourceType").ValueEquals("Bundle") || root.GetProperty("type").ValueKind != JsonValueKind.String
                || !root.GetProperty("type").ValueEquals("batch") || root.GetProperty("entry") is not { ValueKind: JsonValueKind.Array } entry)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in properties.Where(p => !p.NameEquals("entry")))
                {
                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            var entries = entry.EnumerateArray()
                .Select(e => (e.GetRawText(), e.ValueKind == JsonValueKind.Object && e.TryGetProperty("fullUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null))
                .ToList();
            return (System.Text.Encoding.UTF8.GetString(buffer.ToArray()), entries);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // not JSON, or a name or text no reader takes: refused whole, as the reader says
        }
    }

    public static R4.Resource Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (UnpairedSurrogates(json) is { Count: > 0 } unpaired)
        {
            // the reader fails on them without a path ("Cannot read incomplete UTF-16 JSON text …"): named here
            throw new InvalidEventException(unpaired);
        }

        try
        {
            return Deserializer.DeserializeResource(json);
        }
        catch (DeserializationFailedException e)
        {
            if (e.Exceptions.OfType<ExtendedCodedException>().Any(x => x.InstancePath?.StartsWith("UnnamedResource", StringComparison.Ordinal) == true))
            {
                // without resourceType the reader names every element of an unnamed resource: the one cause instead
                throw new InvalidEventException(ResourceTypeRequired(json));
            }

            // the root's resourceType is the publisher's text until it names a type: one reason, never its value (a
            // path built from it would carry whatever it holds, an identifier or a line break into the logs)
            if (RootResourceType(json) is not ("MedicationDispense" or "MedicationStatement" or "Bundle") and var given)
            {
                throw new InvalidEventException(given is not null && IsResourceType(given)
                    ? $"{given} is not accepted: send a MedicationDispense, a MedicationStatement or a Bundle of them"
                    : "resourceType is not a FHIR R4 resource type (its value is not logged; type names are case-sensitive): send a MedicationDispense, a MedicationStatement or a Bundle of them");
            }

            if (UntypedResource(json) is { } untyped)
            {
                // the reader names the elements of an unnamed nested resource "not part of FHIR R4" (JSON103/PVAL128),
                // never the missing type: the one cause instead (found by an independent edge probe)
                throw new InvalidEventException($"{untyped}.resourceType is required: every resource, in a Bundle's entry or contained, names its type");
            }

            var type = (e.PartialResult as R4.Resource)?.TypeName ?? "(resource)";
            List<string> reasons = [.. e.Exceptions.Select(x => Describe(x, type, json)).Distinct(StringComparer.Ordinal)];
            if (NestedContained(json) is { } nested)
            {
                // the reader says only "MedicationDispense is invalid (PVAL118)" of a contained resource that contains
                // resources: the element, by its path (found by an independent edge probe)
                reasons.Add($"{nested} is not allowed: a contained resource cannot contain other resources (dom-2)");
            }

            throw new InvalidEventException(OneReasonPerElement(WithoutGenericReasons(reasons)));
        }
        catch (CodedValidationException e) when (e.Message.StartsWith("Expected property to be a collection of Resource", StringComparison.Ordinal))
        {
            // "contained" given as one value (an object, a string, a number) instead of an array: the reader's own check
            // of it throws instead of reporting it, so the message was retried ten times and went to _error with the SDK's
            // words (found by an independent edge probe); reading is pure, so this is the message's fault, named by its path
            throw new InvalidEventException(RootResourceType(json) is null
                ? ResourceTypeRequired(json)
                : $"{ContainedNotArray(json) ?? "(resource).contained"} must be an array of resources (FHIR JSON writes a repeating element as an array, even of one item)");
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // e.g. a JSON array or string at the root: the SDK's reader gives up before it can report a path
            // no inner exception: the _error queue's fault headers would show the innermost one, not this message
            throw new InvalidEventException("(resource) is not a FHIR resource: a JSON object with resourceType is expected");
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or NullReferenceException or InvalidCastException or KeyNotFoundException)
        {
            // the SDK's reader fails on some input it cannot map instead of reporting it (an element with an empty name,
            // "": …, ends in IndexOutOfRangeException); reading is pure, so this is the message, never worth a retry
            throw new InvalidEventException("(resource) cannot be read as FHIR R4 JSON: an element name or value the reader does not take (such as an empty element name)");
        }
    }

    /// <summary>
    /// The reasons without the reader's generic "<c>X is invalid (PVAL118)</c>" for an element when another reason
    /// names something inside it (<c>MedicationDispense.contained[0].code is required (PVAL105); MedicationDispense is
    /// invalid (PVAL118)</c>: the second says nothing new; found by an edge probe).
    /// </summary>
    private static List<string> WithoutGenericReasons(List<string> reasons) =>
    [
        .. reasons.Where(r => !(r.EndsWith(" is invalid (PVAL118)", StringComparison.Ordinal)
            && r[..^" is invalid (PVAL118)".Length] is var path
            && reasons.Any(o => !ReferenceEquals(o, r) && (o.StartsWith(path + ".", StringComparison.Ordinal) || o.StartsWith(path + "[", StringComparison.Ordinal))))),
    ];

    /// <summary>
    /// One reason for one unknown element: the reader reports such an element once for each check it fails (an edge
    /// probe's <c>"_X": {"extension": []}</c> gave four reasons, JSON121, PVAL129, PVAL123 and PVAL128), so reasons that
    /// differ only in their code are one, with every code.
    /// </summary>
    private static List<string> OneReasonPerElement(List<string> reasons)
    {
        const string Tail = "); its name is not logged";
        var merged = new List<string>();
        var codes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var reason in reasons)
        {
            var open = reason.LastIndexOf(" (", StringComparison.Ordinal);
            if (!reason.EndsWith(Tail, StringComparison.Ordinal) || open < 0 || reason[(open + 2)..^Tail.Length].Contains(' ', StringComparison.Ordinal))
            {
                merged.Add(reason);
                continue;
            }

            var head = reason[..open];
            if (!codes.TryGetValue(head, out var list))
            {
                codes[head] = list = [];
                merged.Add(head); // its place, completed below
            }

            list.Add(reason[(open + 2)..^Tail.Length]);
        }

        return [.. merged.Select(r => codes.TryGetValue(r, out var list) ? $"{r} ({string.Join(", ", list)}{Tail}" : r)];
    }

    /// <summary>
    /// The escaped unpaired surrogates (<c>"\ud800"</c>) of the body, which no reader turns into a string: a text named
    /// by its FHIRPath as the native contract names a field (<c>MedicationDispense.medicationCodeableConcept.text must be
    /// valid Unicode text (no unpaired surrogates)</c>), the path stopping before any name that is not a FHIR element; a
    /// property name by the native contract's reason. Empty when there are none (or the body is no JSON: the reader says so).
    /// </summary>
    private static List<string> UnpairedSurrogates(string json)
    {
        var failures = new List<string>();
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return failures; // only an escape makes one: the body's text is UTF-16 from valid UTF-8
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            var root = document.RootElement;
            var type = "(resource)";
            foreach (var property in root.ValueKind == JsonValueKind.Object ? root.EnumerateObject() : default)
            {
                if (property.NameEquals("resourceType") && property.Value.ValueKind == JsonValueKind.String
                    && property.Value.ValueEquals("MedicationDispense") | property.Value.ValueEquals("MedicationStatement") | property.Value.ValueEquals("Bundle"))
                {
                    type = property.Value.GetString()!;
                }
            }

            Surrogates(root, type, failures);
        }
        catch (JsonException)
        {
            // not JSON: the reader names it
        }
        catch (InvalidOperationException)
        {
            // a property name of the root that cannot be read
            failures.Add(EventContract.InvalidPropertyName);
        }

        return [.. failures.Distinct(StringComparer.Ordinal)];
    }

    private static void Surrogates(JsonElement element, string path, List<string> failures)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        failures.Add(EventContract.InvalidPropertyName);
                        continue;
                    }

                    Surrogates(property.Value, path + "." + name, failures);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Surrogates(item, $"{path}[{index++}]", failures);
                }

                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    var known = KnownPrefix(path);
                    failures.Add(known == path
                        ? $"{path} must be valid Unicode text (no unpaired surrogates)"
                        : $"{known} has an element whose text is not valid Unicode (no unpaired surrogates); its name is not logged");
                }

                break;
        }
    }

    /// <summary>
    /// The reason for a body without <c>resourceType</c>; for one with the native contract's <c>eventId</c> and
    /// <c>patientId</c>, also where it belongs (found by a newcomer probe: a native event sent to a FHIR exchange was
    /// refused with the bare reason).
    /// </summary>
    internal static string ResourceTypeRequired(string json)
    {
        const string Required = "resourceType is required (MedicationDispense, MedicationStatement or Bundle)";
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("eventId", out _) && root.TryGetProperty("patientId", out _)
                ? $"{Required}; this looks like a native event (eventId, patientId): publish it to {Contracts.MedicationDispensed.ExchangeName} or {Contracts.SupplementReported.ExchangeName}"
                : Required;
        }
        catch (JsonException)
        {
            return Required;
        }
    }

    /// <summary>The root object's <c>resourceType</c> string, or null when there is none (or the JSON does not parse).</summary>
    private static string? RootResourceType(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // exactly a resource type's name: the lookup ignores case, and "medicationdispense" is the publisher's text, not a
    // type's name, so it is never repeated in the reason
    internal static bool IsResourceType(string name) =>
        R4.ModelInfo.ModelInspector.FindClassMapping(name) is { IsResource: true } mapping && string.Equals(mapping.Name, name, StringComparison.Ordinal);

    /// <summary>The longest start of <paramref name="path"/> whose segments are all FHIR R4 element (or type) names.</summary>
    private static string KnownPrefix(string path)
    {
        var segments = path.Split('.');
        var root = segments[0].IndexOf('[', StringComparison.Ordinal) is var at and >= 0 ? segments[0][..at] : segments[0];
        if (root != "(resource)" && R4.ModelInfo.ModelInspector.FindClassMapping(root) is null)
        {
            return "(resource)"; // not a type name: the publisher's text, never logged
        }

        var length = segments[0].Length;
        for (var i = 1; i < segments.Length; i++)
        {
            var bracket = segments[i].IndexOf('[', StringComparison.Ordinal);
            var element = bracket < 0 ? segments[i] : segments[i][..bracket];
            if (!IsElementName(element) && R4.ModelInfo.ModelInspector.FindClassMapping(element) is null)
            {
                break;
            }

            length += 1 + segments[i].Length;
        }

        return path[..length];
    }

    /// <summary>The name of a duplicated property when it is an element name of FHIR R4 (never a publisher's own word), else null.</summary>
    // the first quoted name of the reader's message ("Element 'identifier' is not a FHIR primitive, …") when it is a FHIR element
    private static string? FirstQuotedElement(CodedException error)
    {
        var message = error is ExtendedCodedException extended ? extended.BaseErrorMessage : error.Message;
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 && message[(start + 1)..end] is var name && IsElementName(name) ? name : null;
    }

    private static string? DuplicateName(CodedException error)
    {
        var message = error is ExtendedCodedException extended ? extended.BaseErrorMessage : error.Message;
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        if (start < 0 || end <= start + 1)
        {
            return null;
        }

        var name = message[(start + 1)..end];
        var element = name.StartsWith('_') ? name[1..] : name;
        return IsElementName(element) ? name : null;
    }

    // an element name of the R4 model, a choice element with its type suffix included
    private static bool IsElementName(string element)
    {
        var (names, choices) = Elements.Value;
        return names.Contains(element) || choices.Any(c => IsChoiceName(element, c));
    }

    // a choice element with a type suffix: medicationCodeableConcept, effectiveDateTime
    private static bool IsChoiceName(string element, string choice)
    {
        if (element.Length <= choice.Length || !element.StartsWith(choice, StringComparison.Ordinal) || !char.IsAsciiLetterUpper(element[choice.Length]))
        {
            return false;
        }

        var type = element[choice.Length..];
        return R4.ModelInfo.ModelInspector.FindClassMapping(type) is not null
            || R4.ModelInfo.ModelInspector.FindClassMapping(char.ToLowerInvariant(type[0]) + type[1..]) is not null;
    }

    /// <summary>
    /// The names with a type suffix of choice element <paramref name="choice"/> (effectivePeriod, effectiveDateTime)
    /// in the object at <paramref name="path"/> (<c>Bundle.entry[1].resource</c>) of the body, in the body's order.
    /// </summary>
    private static List<string> ChoiceNames(string json, string path, string choice)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Navigate(document.RootElement, path) is not { ValueKind: JsonValueKind.Object } element ? []
                : [.. element.EnumerateObject().Select(p => p.Name).Where(n => IsChoiceName(n, choice)).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>The element of the body at FHIRPath <paramref name="path"/> (<c>Bundle.entry[1].resource</c>), or null.</summary>
    private static JsonElement? Navigate(JsonElement element, string path)
    {
        foreach (var segment in path.Split('.').Skip(1))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }

            if (bracket >= 0)
            {
                if (!segment.EndsWith(']')
                    || !int.TryParse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || element.ValueKind != JsonValueKind.Array || index < 0 || index >= element.GetArrayLength())
                {
                    return null;
                }

                element = element[index];
            }
        }

        return element;
    }

    /// <summary>
    /// The native contract's own reason when the value at <paramref name="path"/> is a timestamp that is only wrong for
    /// a leap second or an offset beyond ±14:00 (FHIR's format refuses both; the native reason says what to send
    /// instead: found by an edge probe), else null. The value itself is never part of it.
    /// </summary>
    private static string? TimestampReason(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            return Navigate(document.RootElement, path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { } text
                ? Rfc3339.IsLeapSecond(text) ? Rfc3339.LeapSecond(path)
                : Rfc3339.IsOffsetBeyondRange(text) ? Rfc3339.OffsetBeyondRange(path)
                : Rfc3339.IsWithoutOffset(text) ? Rfc3339.WithoutOffset(path)
                : Rfc3339.IsNoSuchDay(text) ? Rfc3339.NoSuchDay(path)
                : null
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The null items of the array that <paramref name="path"/> (<c>Bundle.entry[2]</c>) names an item of, when that
    /// item is null or past the array's end: the reader names a null item by the array's length (<c>[valid, null]</c>
    /// and <c>[null, valid]</c> both as <c>entry[2]</c>, found by an edge probe), a position the body does not have.
    /// </summary>
    private static string? NullItems(string json, string path)
    {
        var bracket = path.LastIndexOf('[');
        if (!path.EndsWith(']') || bracket < 0
            || !int.TryParse(path.AsSpan(bracket + 1, path.Length - bracket - 2), System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            var array = path[..bracket];
            if (Navigate(document.RootElement, array) is not { ValueKind: JsonValueKind.Array } items
                || (index < items.GetArrayLength() && items[index].ValueKind != JsonValueKind.Null))
            {
                return null;
            }

            var nulls = items.EnumerateArray().Select((item, i) => (item, i)).Where(x => x.item.ValueKind == JsonValueKind.Null).Select(x => $"{array}[{x.i}]").ToList();
            return nulls.Count switch
            {
                0 => null,
                1 => $"{nulls[0]} is null (FHIR JSON has no null in an array: leave the item out)",
                _ => $"{string.Join(", ", nulls)} are null (FHIR JSON has no null in an array: leave the items out)",
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    // a choice element given with two of its types (effectivePeriod and effectiveDateTime): named as the choice, both types
    private static string? TwoChoices(string name, string path, string json)
    {
        var choice = Elements.Value.Choices.FirstOrDefault(c => IsChoiceName(name, c));
        return choice is not null && ChoiceNames(json, path, choice) is { Count: > 1 } names
            ? $"{path}.{choice}[x] is given more than once ({string.Join(" and ", names)}; a choice element takes one of its types)"
            : null;
    }

    /// <summary>The R4 required value sets of the statuses a sender sets, by resource type.</summary>
    private static readonly Dictionary<string, string> StatusCodes = new(StringComparer.Ordinal)
    {
        ["MedicationStatement"] = "active, completed, entered-in-error, intended, stopped, on-hold, unknown or not-taken",
        ["MedicationDispense"] = "preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown",
        ["Medication"] = "active, inactive or entered-in-error",
    };

    /// <summary>
    /// The codes the <c>status</c> at <paramref name="path"/> may take (<c>Bundle.entry[1].resource.status</c>: by the
    /// resourceType of the resource it is in, a contained Medication's too), or null for any other element.
    /// </summary>
    private static string? AllowedCodes(string json, string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot < 0 || path[(dot + 1)..] != "status")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            return Navigate(document.RootElement, path[..dot]) is { ValueKind: JsonValueKind.Object } resource
                && resource.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() is { } name && StatusCodes.TryGetValue(name, out var codes)
                ? codes
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string Describe(CodedException error, string resourceType, string json)
    {
        // the reader names the resource itself $this: name it by its type, as the FHIRPaths of the docs do
        var path = error is ExtendedCodedException { InstancePath: { Length: > 0 } p } && p != "$this"
            ? (p.StartsWith("$this.", StringComparison.Ordinal) ? resourceType + p[5..] : p)
            : resourceType;
        // element names are the publisher's: a path keeps its FHIR element names and stops before any other name (an
        // unknown element's children are reported under it), which may carry anything, an identifier too
        var known = KnownPrefix(path);
        if (known == path && NullItems(json, path) is { } nulls)
        {
            return nulls;
        }

        switch (error.ErrorCode)
        {
            case NotPrimitiveCode:
                // the reader names the resource and the element only in its message: named when it is a FHIR element
                // (found by an edge probe: "MedicationDispense is invalid (JSON133)" named nothing)
                return FirstQuotedElement(error) is { } element && known == path
                    ? $"{path}._{element} is not allowed: {element} is not a FHIR primitive, so its extensions go inside it ({error.ErrorCode})"
                    : $"{known} has an underscore element beside an element that is not a FHIR primitive ({error.ErrorCode}); its name is not logged";
            case CodedValidationException.UNKNOWN_ELEMENT_CODE:
                var end = known == path ? path.LastIndexOf('.') : known.Length;
                return $"{(end > 0 ? path[..end] : known)} has an element that is not part of FHIR R4 ({error.ErrorCode}); its name is not logged";
            case DuplicatePropertyCode:
                // the reader names the object, and the property only in its message: named when it is a FHIR element
                return DuplicateName(error) is { } name && known == path
                    ? (TwoChoices(name, path, json) ?? $"{path}.{name} {EventContract.AppearsTwice}") + $" ({error.ErrorCode})"
                    : $"{known} has an element that appears more than once ({error.ErrorCode}; expected each element once); its name is not logged";
        }

        if (known != path)
        {
            return $"{known} has an element that is not part of FHIR R4 ({error.ErrorCode}); its name is not logged";
        }

        if (error.ErrorCode == EmptyArrayCode)
        {
            // the reader names the array's first element, which is not there: name the array (found by an edge probe,
            // "Bundle.entry[0] is invalid" for "entry": [])
            var array = path.EndsWith("[0]", StringComparison.Ordinal) ? path[..^3] : path;
            return array == "Bundle.entry"
                ? $"Bundle.entry is an empty array: the Bundle has no entries, nothing to read ({error.ErrorCode}; FHIR JSON leaves out an element without values)"
                : $"{array} is an empty array ({error.ErrorCode}; FHIR JSON leaves out an element without values)";
        }

        if (error.ErrorCode is CodedValidationException.LITERAL_INVALID_CODE or CodedValidationException.INCORRECT_LITERAL_VALUE_TYPE_CODE
            && TimestampReason(json, path) is { } timestamp)
        {
            return $"{timestamp} ({error.ErrorCode})";
        }

        if (error.ErrorCode == CodedValidationException.INVALID_CODED_VALUE_CODE && AllowedCodes(json, path) is { } codes)
        {
            // the codes it takes, as the native contract's reasons list theirs (found by a newcomer probe: R3's "taking"
            // got no hint); the value sent is never shown
            return $"{path} is not a code of its required value set: R4 allows {codes}, case-sensitive ({error.ErrorCode})";
        }

        var what = error.ErrorCode switch
        {
            CodedValidationException.UNKNOWN_ELEMENT_CODE => "is not an element of FHIR R4",
            CodedValidationException.INVALID_CODED_VALUE_CODE => "is not a code of its required value set",
            CodedValidationException.MANDATORY_ELEMENT_MUST_BE_PRESENT_CODE
                or CodedValidationException.INCORRECT_CARDINALITY_MIN_CODE => "is required",
            CodedValidationException.INCORRECT_CARDINALITY_MAX_CODE => "repeats more often than allowed",
            CodedValidationException.INCORRECT_LITERAL_VALUE_TYPE_CODE
                or CodedValidationException.LITERAL_INVALID_CODE
                or CodedValidationException.PROPERTY_TYPE_MISMATCH_CODE => "has a value of the wrong type or format",
            CodedValidationException.UNKNOWN_RESOURCE_TYPE_CODE => "has an unknown resourceType",
            CodedValidationException.CHOICE_TYPE_NOT_ALLOWED_CODE => "uses a type not allowed for this choice element",
            CodedValidationException.ELEMENT_CANNOT_BE_EMPTY_CODE => "must not be empty",
            CodedValidationException.WRONG_CASED_ELEMENT_CODE => "is an element name in the wrong case",
            CodedValidationException.INVALID_STRING_LENGTH_CODE => "is too long",
            _ => "is invalid",
        };
        return $"{path} {what} ({error.ErrorCode})";
    }

    /// <summary>
    /// The path of the first <c>contained</c> whose value is not an array (<c>MedicationDispense.contained</c>,
    /// <c>Bundle.entry[1].resource.contained</c>); null when there is none.
    /// </summary>
    private static string? ContainedNotArray(string json) =>
        FirstContained(json, static (value, _) => value.ValueKind != JsonValueKind.Array);

    /// <summary>
    /// The path of the first <c>contained</c> inside a contained resource (<c>MedicationDispense.contained[0].contained</c>),
    /// which FHIR does not allow (dom-2); null when there is none.
    /// </summary>
    private static string? NestedContained(string json) =>
        FirstContained(json, static (_, inContained) => inContained);

    /// <summary>
    /// The path of the first <c>contained</c> element that <paramref name="wrong"/> (its value, whether it is inside a
    /// contained resource) refuses, from the root's resource type and the element names on the way; null when there is
    /// none, when the JSON does not parse or its root names no FHIR resource type, or when a name on the way is not a
    /// plain element name (a publisher's name is never shown).
    /// </summary>
    private static string? FirstContained(string json, Func<JsonElement, bool, bool> wrong)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                   && type.GetString() is { } name && IsResourceType(name)
                ? Find(document.RootElement, name, inContained: false)
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        string? Find(JsonElement element, string path, bool inContained)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]", inContained) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (!PlainElementName().IsMatch(property.Name))
                {
                    continue; // not a name to show, nor one the reader takes
                }

                var contained = property.NameEquals("contained");
                if (contained && wrong(property.Value, inContained))
                {
                    return path + ".contained";
                }

                // a contained resource's own elements are inside it; a Bundle entry's resource starts afresh
                if (Find(property.Value, path + "." + property.Name, contained || (inContained && !property.NameEquals("resource"))) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The path of the first resource below the root, a Bundle entry's <c>resource</c> or an item of <c>contained</c>,
    /// that has no <c>resourceType</c> text; null when there is none, when the JSON does not parse or its root names no
    /// FHIR resource type (a publisher's names are never shown: only plain element names are followed).
    /// </summary>
    private static string? UntypedResource(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EventContract.MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                   && type.GetString() is { } name && IsResourceType(name)
                ? Find(document.RootElement, name)
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        static bool Untyped(JsonElement resource) =>
            resource.ValueKind == JsonValueKind.Object && !(resource.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String);

        static string? Find(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (!PlainElementName().IsMatch(property.Name))
                {
                    continue;
                }

                var at = path + "." + property.Name;
                // a Bundle entry's resource (other elements named so, CapabilityStatement.rest.resource, are no resources)
                if (property.NameEquals("resource") && path.EndsWith(']') && path[..path.LastIndexOf('[')].EndsWith(".entry", StringComparison.Ordinal) && Untyped(property.Value))
                {
                    return at;
                }

                if (property.NameEquals("contained") && property.Value.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        if (Untyped(item))
                        {
                            return $"{at}[{index}]";
                        }

                        index++;
                    }
                }

                if (Find(property.Value, at) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][A-Za-z]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex PlainElementName();
}
