using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The wire contract checked on the JSON itself, before anything is deserialised: every known field has the JSON type
/// and form the contract gives it (numbers are JSON numbers, timestamps strict RFC 3339, UUIDs in their hyphenated
/// form, text without control characters or unpaired surrogates, a patient id without surrounding whitespace), no
/// field appears twice, and event times are not beyond the allowed clock skew into the future. The one path for the
/// broker (<see cref="ContractDeserializer"/>) and the NDJSON verbs (Regimens/NdjsonEvents), so both reject the
/// same input with the same words. Reasons name the field and the expected form, never a value.
/// </summary>
internal static partial class EventContract
{
    /// <summary>The longest patient id, product text and other id the contract accepts (columns are sized to them).</summary>
    public const int MaxPatientIdLength = 64;

    public const int MaxTextLength = 500;

    public const int MaxIdLength = 128;

    public const string DispensedType = "medication-dispensed";
    public const string SupplementType = "supplement-reported";
    public const string AcknowledgedType = "alert-acknowledged";

    /// <summary>The event type of FHIR resources (MedicationDispense, MedicationStatement) on the FHIR queues.</summary>
    public const string FhirType = "fhir";

    /// <summary>The years an event's own time and its dates may lie in (earlier or later is a data error).</summary>
    public const int EarliestYear = 1900;

    public const int LatestYear = 2200;

    /// <summary>Largest accepted body (an event is a few hundred bytes).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The reason for a property name System.Text.Json cannot read (an escaped unpaired surrogate).</summary>
    public const string InvalidPropertyName = "property names must be valid Unicode (no unpaired surrogate escapes)";

    /// <summary>The reason for a text field whose value is not valid Unicode (an escaped unpaired surrogate).</summary>
    public static string UnpairedSurrogate(string name) => $"{name} must be valid Unicode text (no unpaired surrogates)";

    /// <summary>
    /// The text of a JSON string, or null when it is not valid Unicode: System.Text.Json cannot read an escaped unpaired
    /// surrogate (<c>"\ud800"</c>) as a string, and throws where a reader (MassTransit's too) asks for one.
    /// </summary>
    public static string? ReadableText(JsonElement value)
    {
        try
        {
            return value.GetString() is { } text && !HasUnpairedSurrogate(text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The reason for a code field (<c>status</c>, <c>source</c>, <c>outcome</c>) whose value is none of
    /// <paramref name="allowed"/>: the codes, and <c>did you mean "accepted"?</c> when the value is close to one (a typo,
    /// another letter case), as a misspelt <c>type</c> gets (found by a newcomer probe: "acepted" got the list only). The
    /// value given is never shown, only a code of the contract.
    /// </summary>
    public static string NotOneOf(string field, IReadOnlyList<string> allowed, string given)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(given);
        var reason = $"{field} must be one of {string.Join(", ", allowed)}";
        // compared only when short: a long text is no typo, and the distance is computed over the whole of it
        var suggestion = given.Length <= 2 * allowed.Max(a => a.Length) ? Infrastructure.Configuration.Suggestions.Closest(given, allowed) : null;
        return suggestion is null ? reason : $"{reason}; did you mean \"{suggestion}\"?";
    }

    /// <summary>What a FHIR resource sent to a native exchange is told, where to send it instead.</summary>
    public const string FhirElsewhere =
        "this is a FHIR resource: publish MedicationDispense and MedicationStatement resources (or Bundles of them) as application/fhir+json to "
        + Fhir.FhirMessaging.DispenseExchange + " or " + Fhir.FhirMessaging.StatementExchange + "; this exchange takes the native JSON events";

    /// <summary>The reason for a field given twice, after its name (a JSON object may repeat a name; we never pick one).</summary>
    public const string AppearsTwice = "appears more than once (expected each field once)";

    /// <summary>The largest magnitude of a decimal field (<see cref="decimal.MaxValue"/>), as the reasons spell it.</summary>
    public const string MaxNumber = "79228162514264337593543950335";

    public const string UuidForm = "a UUID string, e.g. 0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01";

    /// <summary>
    /// <c>type</c>: the event type of an NDJSON line (Regimens/NdjsonEvents reads its value); the broker's endpoints
    /// take their type from the queue, and refuse a <c>type</c> that names another event type (an NDJSON line
    /// published to the wrong exchange: found by an edge probe), ignoring any other value. Like any field it is never
    /// given twice, in any case.
    /// </summary>
    private static readonly Field TypeField = new("type", Kind.Reserved);

    /// <summary>The exchange of each event type, for the reason a <c>type</c> naming another type gets.</summary>
    private static readonly Dictionary<string, string> Exchanges = new(StringComparer.Ordinal)
    {
        [DispensedType] = Contracts.MedicationDispensed.ExchangeName,
        [SupplementType] = Contracts.SupplementReported.ExchangeName,
        [AcknowledgedType] = Contracts.AlertAcknowledged.ExchangeName,
    };

    // the event type other than eventType that the event's one "type" (in any letter case, as fields match) names
    // exactly, or null: given twice it is refused as any field is, and any other value is not read
    private static string? OtherType(JsonElement message, string eventType)
    {
        JsonElement? type = null;
        foreach (var property in message.EnumerateObject())
        {
            if (property.NameEquals("type") || property.Name.Equals("type", StringComparison.OrdinalIgnoreCase))
            {
                if (type is not null)
                {
                    return null;
                }

                type = property.Value;
            }
        }

        return type is not { ValueKind: JsonValueKind.String } value ? null
            : Exchanges.Keys.FirstOrDefault(t => t != eventType && value.ValueEquals(t));
    }

    /// <summary>
    /// Without <c>type</c>: the other contract whose own fields the event has, all of them, and none of this one's
    /// (found by an independent edge probe: a supplement report on the dispense exchange was told "dispensedAt is
    /// required; medication is required", with no word of where it belongs); else null.
    /// </summary>
    private static string? InferredType(JsonElement message, string eventType) =>
        OwnFields.Keys.FirstOrDefault(t => t != eventType && OwnFields[t].All(f => Has(message, f)) && !OwnFields[eventType].Any(f => Has(message, f)));

    // each contract's required fields that no other contract has
    private static readonly Dictionary<string, string[]> OwnFields = new(StringComparer.Ordinal)
    {
        [DispensedType] = ["dispensedAt", "medication"],
        [SupplementType] = ["reportedAt", "supplement"],
        [AcknowledgedType] = ["alertId", "acknowledgedAt"],
    };

    private static bool Has(JsonElement message, string field)
    {
        foreach (var property in message.EnumerateObject())
        {
            if (property.Name.Equals(field, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly Field[] Dispensed =
    [
        TypeField,
        new("eventId", Kind.Uuid, Required: true),
        new("patientId", Kind.PatientId, Required: true),
        new("dispenseId", Kind.Text, MaxLength: MaxIdLength, ItemKey: true),
        new("status", Kind.Text, MaxLength: MaxIdLength, Values: "completed, entered-in-error, cancelled, declined"),
        new("dispensedAt", Kind.EventTime, Required: true),
        new("medication", Kind.Object, Required: true, Children:
        [
            // required unless rxnorm or ndc identifies the product (EventMapper decides, with the terminology map)
            new("text", Kind.Text, MaxLength: MaxTextLength),
            new("rxnorm", Kind.Text, MaxLength: 32),
            new("ndc", Kind.Text, MaxLength: 32),
            new("atc", Kind.Text, MaxLength: 32),
        ]),
        new("daysSupply", Kind.DaysSupply),
        new("quantity", Kind.Number),
        new("dosageText", Kind.Text, MaxLength: MaxTextLength),
        new("pharmacyId", Kind.Text, MaxLength: MaxIdLength),
        new("prescriptionId", Kind.Text, MaxLength: MaxIdLength),
    ];

    private static readonly Field[] Supplement =
    [
        TypeField,
        new("eventId", Kind.Uuid, Required: true),
        new("patientId", Kind.PatientId, Required: true),
        new("statementId", Kind.Text, MaxLength: MaxIdLength, ItemKey: true),
        new("status", Kind.Text, MaxLength: MaxIdLength, Values: "active, stopped, entered-in-error"),
        new("reportedAt", Kind.EventTime, Required: true),
        new("supplement", Kind.Object, Required: true, Children:
        [
            new("text", Kind.Text, Required: true, MaxLength: MaxTextLength),
            new("atc", Kind.Text, MaxLength: 32),
        ]),
        new("startedOn", Kind.Date),
        new("stoppedOn", Kind.Date),
        new("source", Kind.Text, MaxLength: MaxIdLength, Values: "patient, care-team, pharmacist"),
    ];

    /// <summary>Types and forms only; the acknowledgement's meaning is checked by its consumer.</summary>
    private static readonly Field[] Acknowledged =
    [
        TypeField,
        new("eventId", Kind.Uuid, Required: true),
        new("alertId", Kind.Uuid, Required: true),
        new("acknowledgedBy", Kind.Text, MaxLength: 200),
        // required here, so that null is refused with its form rather than by the deserialiser's own message
        new("acknowledgedAt", Kind.Timestamp, Required: true),
        new("outcome", Kind.Text, Required: true, MaxLength: 1000, Values: "accepted, overridden"),
        new("reason", Kind.Text, MaxLength: 1000),
    ];

    internal enum Kind
    {
        Uuid,
        PatientId,
        Text,
        Timestamp,
        EventTime,
        Date,
        Object,
        DaysSupply,
        Number,

        /// <summary>A name the contract reserves without checking its value (only that it is given once).</summary>
        Reserved,
    }

    /// <summary>The reason for an event time or date outside <see cref="EarliestYear"/>-<see cref="LatestYear"/>.</summary>
    public static string OutOfRange(string field) => $"{field} is out of range (years {EarliestYear} to {LatestYear})";

    /// <summary>Checks one event object; returns the failures (empty when the event has the contract's shape).</summary>
    /// <param name="message">The event object (a plain-JSON body, an NDJSON line or an envelope's <c>message</c>).</param>
    /// <param name="eventType">Which contract: <see cref="DispensedType"/>, <see cref="SupplementType"/> or <see cref="AcknowledgedType"/>.</param>
    /// <param name="limit">The latest event time accepted.</param>
    /// <param name="massTransitEnvelope">
    /// True for the <c>message</c> of a MassTransit envelope: MassTransit writes decimals as strings, so there (and only
    /// there) <c>quantity</c> may also be a string that holds a JSON number. Plain JSON must use JSON numbers.
    /// </param>
    public static List<string> Check(JsonElement message, string eventType, EventTimeLimit limit, bool massTransitEnvelope = false)
    {
        var failures = new List<string>();
        if (message.ValueKind != JsonValueKind.Object)
        {
            failures.Add($"body must be one JSON object (was {Describe(message.ValueKind)})");
            return failures;
        }

        var fields = FieldsOf(eventType);
        try
        {
            CheckObject(message, string.Empty, fields, new Context(limit, massTransitEnvelope), failures);
            if (failures.Count > 0 && message.TryGetProperty("resourceType", out _))
            {
                // first: it explains the rest (every field of the event missing)
                failures.Insert(0, $"resourceType is FHIR's: {FhirElsewhere}");
            }
            else if (OtherType(message, eventType) is { } other)
            {
                // first: it explains the rest (another event's fields missing or unknown here; found by an independent
                // edge probe, where it came after "dispensedAt is required; medication is required")
                failures.Insert(0, $"type is {other}, but this endpoint takes only {eventType} events ({Exchanges[eventType]}): publish {other} events to {Exchanges[other]}, or leave type out");
            }
            else if (failures.Count > 0 && !Has(message, "type") && InferredType(message, eventType) is { } inferred)
            {
                failures.Insert(0, $"the body has a {inferred} event's fields ({string.Join(" and ", OwnFields[inferred])}), but this endpoint takes only {eventType} events ({Exchanges[eventType]}): publish {inferred} events to {Exchanges[inferred]}");
            }
        }
        catch (InvalidOperationException)
        {
            // A property name that System.Text.Json cannot turn into a string (an escaped unpaired surrogate).
            failures.Add(InvalidPropertyName);
        }

        return failures;
    }

    private static Field[] FieldsOf(string eventType) => eventType switch
    {
        DispensedType => Dispensed,
        SupplementType => Supplement,
        AcknowledgedType => Acknowledged,
        _ => throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "unknown event type"),
    };

    /// <summary>
    /// The fields of <paramref name="eventType"/>'s contract (<c>type</c> aside, which labels a line and is no event)
    /// that <paramref name="element"/> has, in any letter case, as the contract spells them and in its order: the
    /// names only, never a value. Throws <see cref="InvalidOperationException"/> for a property name that is not
    /// valid Unicode, as reading any name does.
    /// </summary>
    public static List<string> EventFieldsIn(JsonElement element, string eventType)
    {
        var fields = FieldsOf(eventType);
        var given = new bool[fields.Length];
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (FieldIndex(fields, property) is >= 0 and var index && fields[index].Kind != Kind.Reserved)
                {
                    given[index] = true;
                }
            }
        }

        return [.. fields.Where((_, i) => given[i]).Select(f => f.Name)];
    }

    /// <summary>Checks the raw bytes of a body or line: size and UTF-8. Null when fine.</summary>
    public static string? CheckBytes(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length == 0)
        {
            return $"{what} is empty (expected one JSON object)";
        }

        if (bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            // JSON's whitespace alone: not "not valid JSON (line 2, position 0)" (found by an independent edge probe)
            return $"{what} is blank: only whitespace (expected one JSON object)";
        }

        if (bytes.Length > MaxBodyBytes)
        {
            return $"{what} must be at most {MaxBodyBytes} bytes (was {bytes.Length})";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return $"{what} must not start with a byte order mark (expected UTF-8 JSON without BOM)";
        }

        return InvalidUtf8Offset(bytes) is { } offset
            ? $"{what} is not valid UTF-8 (byte 0x{bytes[offset]:X2} at offset {offset}; expected UTF-8 text)"
            : null;
    }

    /// <summary>The offset of the first byte that is not part of a valid UTF-8 sequence, or null.</summary>
    public static int? InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>The deepest nesting of objects and arrays accepted: System.Text.Json's default, which every parse here uses.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Why <paramref name="json"/> did not parse: nested deeper than <see cref="MaxDepth"/>, or a syntax error named by
    /// position only (the text could be patient data), with a hint when the error is at <c>NaN</c>, <c>Infinity</c> or
    /// <c>-Infinity</c>, which JavaScript and Python serialisers write for a number they do not have;
    /// <paramref name="leaveOut"/> says what to send instead (FHIR JSON has no null).
    /// </summary>
    public static string NotJson(string what, ReadOnlySpan<byte> json, JsonException exception, string leaveOut = NotANumberLeaveOut) =>
        NestsTooDeeply(json) ? $"{what} is nested too deeply (at most {MaxDepth} levels of objects and arrays)"
        : NotJson(what, exception) + (IsNotANumberAt(json, exception) ? NotANumberHint + leaveOut : string.Empty);

    /// <summary>The hint added to a syntax error at <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c>, before what to do instead.</summary>
    public const string NotANumberHint = "; NaN, Infinity and -Infinity are not JSON numbers: ";

    /// <summary>What a native event or line sends instead of NaN or Infinity.</summary>
    public const string NotANumberLeaveOut = "leave the field out or send null";

    // whether the token where the reader stopped is NaN, Infinity or -Infinity (the reader stops at its first letter,
    // after a minus sign): read from the body by the error's line and byte position, never quoted
    private static bool IsNotANumberAt(ReadOnlySpan<byte> json, JsonException exception)
    {
        if (exception.LineNumber is not { } line || exception.BytePositionInLine is not { } position)
        {
            return false;
        }

        var start = 0;
        for (var i = 0L; i < line; i++)
        {
            var next = json[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return false;
            }

            start += next + 1;
        }

        if (position > json.Length - start)
        {
            return false;
        }

        var at = start + (int)position;
        var rest = json[at..];
        return rest.StartsWith("NaN"u8) || rest.StartsWith("Infinity"u8) || rest.StartsWith("-Infinity"u8)
            || (at > 0 && json[at - 1] == (byte)'-' && rest.StartsWith("Infinity"u8));
    }

    /// <summary>A JSON syntax error, named by position only (the text could be patient data).</summary>
    public static string NotJson(string what, JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.LineNumber is > 0
            ? $"{what} is not valid JSON (line {exception.LineNumber + 1}, position {exception.BytePositionInLine}; expected one JSON object)"
            : $"{what} is not valid JSON (position {exception.BytePositionInLine}; expected one JSON object)";
    }

    // true when the JSON opens more than MaxDepth objects and arrays before any syntax error: the parser's depth
    // failure, recognised without reading its message
    private static bool NestsTooDeeply(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = json.Length + 1 });
        try
        {
            while (reader.Read())
            {
                if ((reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // a syntax error first
        }

        return false;
    }

    private static void CheckObject(JsonElement element, string prefix, Field[] fields, Context context, List<string> failures)
    {
        // each known field's value, by the field's position; property names match case-insensitively, as the
        // deserialiser matches them (unknown properties are ignored, unless they look like a misspelt field)
        var values = new JsonElement?[fields.Length];
        List<(string Name, JsonElement Value)>? unknown = null;
        foreach (var property in element.EnumerateObject())
        {
            var index = FieldIndex(fields, property);
            if (index < 0)
            {
                // looked at once every field's presence is known (up to a bound no sender's own fields come near: the
                // work on a hostile body stays small)
                if ((unknown ??= []).Count < MaxMisspeltLooked)
                {
                    unknown.Add((property.Name, property.Value));
                }

                continue;
            }

            if (values[index] is null)
            {
                values[index] = property.Value;
            }
            else
            {
                failures.Add($"{prefix}{fields[index].Name} {AppearsTwice}");
            }
        }

        foreach (var (given, value) in unknown ?? [])
        {
            if (MisspeltField(fields, given, i => values[i] is not null, value) is { } meant)
            {
                failures.Add(NotAField(prefix, given, meant));
            }
        }

        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var name = prefix + field.Name;
            if (values[i] is not { } value || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required)
                {
                    failures.Add($"{name} is required ({Form(field)})");
                }

                continue;
            }

            CheckValue(name, field, value, context, failures);
        }
    }

    /// <summary>
    /// The field an unknown property's name is a misspelling of, or null. The same letters but for separators and
    /// letter case (<c>days_supply</c>, <c>DAYS-SUPPLY</c>) always; otherwise only for a field the object does not have
    /// (<paramref name="given"/>: by the field's position), within one edit of a field of four to eight letters and two
    /// of a longer one (a swap of neighbours is one), and not the field's stem with another common ending
    /// (<c>pharmacy</c>, <c>medicationId</c>, <c>reportedBy</c>, <c>alertIds</c> are a sender's own fields, found by a
    /// review: refused, a valid event was lost to <c>_error</c>). A time's other ending or none (<c>startedAt</c>,
    /// <c>stoppedDate</c>, <c>stopped</c> for <c>stoppedOn</c>) and a plural (<c>daysSupplys</c>, <c>daysSupplies</c>,
    /// <c>sources</c>), whatever the number of edits, are misspellings when the value is of the field's kind
    /// (<paramref name="value"/>: a text for a date, a number for a number; <c>alertIds: []</c> and <c>stopped: true</c>
    /// are a sender's own); a time's other ending always (found by an independent edge probe: these were ignored, and a
    /// 90-day supply became an assumed 30 days). Ignored, such a property would silently drop what the sender meant (found by a newcomer probe:
    /// <c>daysSuply: 90</c> became an assumed 30-day supply and a current pair went unreported; <c>stopedOn</c> kept a
    /// stopped product running). Another form of the field's word, or a sender's usual word for it (<c>startDate</c>,
    /// <c>endDate</c>, <c>daysSupplied</c>), counts as the word, and a few other names senders give a field
    /// (<see cref="Aliases"/>) count when the value is of the field's kind. Any other unknown property is still ignored.
    /// </summary>
    internal static string? MisspeltField(Field[] fields, string name, Func<int, bool>? given = null, JsonElement? value = null)
    {
        if (name.Length > 40)
        {
            return null; // no misspelling of a field this short
        }

        var bare = name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        for (var i = 0; i < fields.Length; i++)
        {
            var target = fields[i].Name.ToUpperInvariant();
            if (bare == target)
            {
                return fields[i].Name;
            }

            if (given?.Invoke(i) == true)
            {
                continue;
            }

            // another name senders give the field, with a value of its kind; a product's name only where the product has no
            // code (with an RxNorm code or an NDC, a display or name beside it is the sender's own: a review)
            if (value is { } aliasValue && OfKind(fields[i].Kind, aliasValue) && Aliases.TryGetValue(fields[i].Name, out var aliases) && aliases.Contains(bare)
                && !(fields[i].Name == "text" && HasCode(fields, given)))
            {
                return fields[i].Name;
            }

            var stem = Stem(bare, target);
            if (stem == StemRelation.OtherTime || (stem == StemRelation.SameKindOfValue && value is { } kind && OfKind(fields[i].Kind, kind)))
            {
                return fields[i].Name;
            }

            var edits = target.Length <= 3 ? 0 : target.Length <= 8 ? 1 : 2;
            if (edits == 0 || stem != StemRelation.None || Math.Abs(bare.Length - target.Length) > edits
                || Configuration.Suggestions.Distance(bare, target) > edits)
            {
                continue;
            }

            return fields[i].Name;
        }

        return null;
    }

    // whether the object gives a product code that names the product without its text (an RxNorm code or an NDC)
    private static bool HasCode(Field[] fields, Func<int, bool>? given)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Name is "rxnorm" or "ndc" && given?.Invoke(i) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How many unknown properties of one object are looked at as possible misspellings: far more than any sender's own
    /// fields (found by an independent edge probe: at 16, a <c>daysSuply</c> after 16 other fields was ignored), few
    /// enough that a hostile body's thousands of names cost milliseconds.
    /// </summary>
    internal const int MaxMisspeltLooked = 4096;

    /// <summary>
    /// Other names senders give a field (upper case, separators removed), read as it when the value is of the field's
    /// kind and the field is absent. Found by an independent edge probe: each was ignored, so a 90-day supply became an
    /// assumed 30 days, a start or a stop was lost, or a product sent with an unknown code and its name under
    /// <c>name</c> was not checked.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> Aliases = new(StringComparer.Ordinal)
    {
        ["daysSupply"] = ["SUPPLYDAYS", "DAYS", "SUPPLY", "DAYSOFSUPPLY", "NUMBEROFDAYS", "DAYSSUPPLYVALUE"],
        ["startedOn"] = ["DATESTARTED", "DATEBEGUN", "STARTEDONDATE"],
        ["stoppedOn"] = ["DATESTOPPED", "DATEENDED", "DATEDISCONTINUED", "STOPPEDONDATE"],
        ["dispensedAt"] = ["DATEDISPENSED", "DISPENSEDATE", "DISPENSEDONDATE"],
        ["text"] = ["NAME", "DESCRIPTION", "DISPLAY", "DRUG", "DRUGNAME", "PRODUCT", "PRODUCTNAME", "MEDICATIONNAME", "SUPPLEMENTNAME", "LABEL"],
    };

    private enum StemRelation
    {
        /// <summary>Not one word with two endings.</summary>
        None,

        /// <summary>The word with another ending that makes another field (<c>reportedBy</c>, <c>medicationId</c>).</summary>
        OtherField,

        /// <summary>A plural, or a time's ending left out (<c>sources</c>, <c>stopped</c>): the field when the value is of its kind.</summary>
        SameKindOfValue,

        /// <summary>A time's other ending (<c>startedAt</c>, <c>stoppedDate</c>): the field.</summary>
        OtherTime,
    }

    // whether a JSON value is what the field takes: an object; a number (or a text of one); a text beginning with a date
    // for a date or a time (startTime: "08:00" and endDate: true are a sender's own: a review); a text
    private static bool OfKind(Kind kind, JsonElement value) => kind switch
    {
        Kind.Object => value.ValueKind == JsonValueKind.Object,
        Kind.Number or Kind.DaysSupply => value.ValueKind == JsonValueKind.Number
                                          || (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)),
        Kind.Date or Kind.EventTime or Kind.Timestamp => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: >= 10 } text
                                                         && DateStart().IsMatch(text[..10]),
        Kind.Reserved => false,
        _ => value.ValueKind == JsonValueKind.String,
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DateStart();

    // endings a sender's own field adds to a word the contract uses (upper case, as compared); the time endings among
    // them name the same kind of value, so one for another is a misspelling, not another field
    private static readonly string[] Endings = ["ID", "IDS", "S", "BY", "AT", "ON", "NAME", "NO", "NUMBER", "CODE", "DATE", "TIME", "TEXT", "TYPE"];

    private static readonly string[] TimeEndings = ["AT", "ON", "DATE", "TIME"];

    private static StemRelation Stem(string bare, string target)
    {
        var relation = StemRelation.None;
        foreach (var (word, wordEnding) in Stems(bare))
        {
            foreach (var (field, fieldEnding) in Stems(target))
            {
                // the same word, or another form of it (startDate, endDate, daysSupplied: found by an independent edge
                // probe, these were ignored, so a stop or a supply was dropped without a word)
                var sameWord = word == field;
                if (!(sameWord ? wordEnding != fieldEnding : BaseWord(word) == BaseWord(field)))
                {
                    continue;
                }

                var times = (TimeEndings.Contains(wordEnding) ? 1 : 0) + (TimeEndings.Contains(fieldEnding) ? 1 : 0);
                if (times == 2 && sameWord)
                {
                    return StemRelation.OtherTime;
                }

                if (!sameWord && (times == 2 || wordEnding == fieldEnding))
                {
                    // another form of the word with a time ending (startDate) or the field's own ending, or none on either
                    // (daysSupplied): the field when the value is of its kind (startTime: "08:00" is a sender's own: a review)
                    relation = relation != StemRelation.OtherField ? StemRelation.SameKindOfValue : StemRelation.OtherField;
                    continue;
                }

                // a plural (S, the IES of a Y) beside the word, or the field's time ending left out (stopped for stoppedOn;
                // not statusDate for status, a sender's own field: a review)
                var sameKind = (wordEnding, fieldEnding) is ("S", "") or ("", "S") || (wordEnding.Length == 0 && TimeEndings.Contains(fieldEnding));
                relation = sameKind && relation != StemRelation.OtherField ? StemRelation.SameKindOfValue : StemRelation.OtherField;
            }
        }

        return relation;
    }

    // a word's base form, so that a verb's forms compare equal (STARTED and START, STOPPED and STOP, SUPPLIED and
    // SUPPLY, DISPENSED and DISPENSE), and the words senders use for a stop or a start as the contract's (END,
    // DISCONTINUE for STOP; BEGIN for START)
    private static string BaseWord(string word)
    {
        var form = word.Length > 5 && word.EndsWith("IED", StringComparison.Ordinal) ? word[..^3] + "Y"
            : word.Length > 4 && word.EndsWith("ED", StringComparison.Ordinal) ? word[..^2]
            : word;
        if (form.Length > 3 && form[^1] == form[^2] && !"AEIOUY".Contains(form[^1], StringComparison.Ordinal))
        {
            form = form[..^1]; // STOPP
        }

        if (form.Length > 3 && form[^1] == 'E')
        {
            form = form[..^1]; // DISPENSE, DISCONTINUE
        }

        return form switch
        {
            "END" or "DISCONTINU" => "STOP",
            "BEGIN" => "START",
            _ => form,
        };
    }

    // the word itself (no ending), and the word without each ending it has (a plural's IES as the Y it replaces)
    private static IEnumerable<(string Stem, string Ending)> Stems(string word)
    {
        yield return (word, string.Empty);
        foreach (var ending in Endings)
        {
            if (word.Length > ending.Length + 2 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                yield return (word[..^ending.Length], ending);
            }
        }

        if (word.Length > 5 && word.EndsWith("IES", StringComparison.Ordinal))
        {
            yield return (word[..^3] + "Y", "S");
        }
    }

    // a misspelt field's reason: its name as given only when it is plain letters, digits, "_" or "-" (never a character
    // that would change how the log line or the _error header reads)
    private static string NotAField(string prefix, string name, string meant) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? $"{prefix}{name} is not a contract field; did you mean {prefix}{meant}?"
            : $"a property named almost like {prefix}{meant} is not a contract field; did you mean {prefix}{meant}?";

    // the field a property is, or -1: the exact spelling compares the UTF-8 name in place; any other reads it once
    private static int FieldIndex(Field[] fields, JsonProperty property)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (property.NameEquals(fields[i].Name))
            {
                return i;
            }
        }

        var name = property.Name;
        return Array.FindIndex(fields, f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static void CheckValue(string name, Field field, JsonElement value, Context context, List<string> failures)
    {
        switch (field.Kind)
        {
            case Kind.Reserved:
                return;
            case Kind.Object:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    failures.Add($"{name} must be {Form(field)} (was {Describe(value.ValueKind)})");
                }
                else
                {
                    CheckObject(value, name + ".", field.Children!, context, failures);
                }

                return;
            case Kind.DaysSupply:
                if (value.ValueKind != JsonValueKind.Number || WholeDays(value) is not (>= 1 and <= 400))
                {
                    failures.Add($"{name} must be {Form(field)}{Was(value)}");
                }

                return;
            case Kind.Number:
                decimal number = 0;
                if (value.ValueKind == JsonValueKind.Number && !value.TryGetDecimal(out number))
                {
                    // a JSON number all the same (1e400, 2^96, a thousand digits): say what is wrong with it
                    failures.Add(NumberOutOfRange(name));
                }
                else if (value.ValueKind == JsonValueKind.Number && !IsExactDecimal(value, number))
                {
                    // 1e-400 would be read as 0, a 500-digit fraction rounded: never store another number than was sent
                    failures.Add(NumberNotExact(name));
                }
                else if (value.ValueKind == JsonValueKind.String && context.MassTransitEnvelope)
                {
                    // MassTransit's decimal convention: the string must hold a JSON number literal a decimal holds
                    switch (DecimalString(value))
                    {
                        case DecimalText.NotANumber:
                            failures.Add($"{name} must be a decimal number (a JSON number, or in a MassTransit envelope a string holding one, e.g. \"10\")");
                            break;
                        case DecimalText.OutOfRange:
                            failures.Add(NumberOutOfRange(name));
                            break;
                        case DecimalText.NotExact:
                            failures.Add(NumberNotExact(name));
                            break;
                    }
                }
                else if (value.ValueKind != JsonValueKind.Number)
                {
                    failures.Add($"{name} must be {Form(field)}{Was(value)}");
                }

                return;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            failures.Add($"{name} must be {Form(field)} (was {Describe(value.ValueKind)})");
            return;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            text = "\uD800";
        }

        if (HasUnpairedSurrogate(text))
        {
            failures.Add(UnpairedSurrogate(name));
            return;
        }

        if (ControlCharacterIndex(text) is { } index)
        {
            failures.Add($"{name} must not contain control characters (U+{(int)text[index]:X4} at character {index + 1})");
            return;
        }

        switch (field.Kind)
        {
            case Kind.Uuid:
                if (text.Length != 36 || !Guid.TryParseExact(text, "D", out var uuid))
                {
                    // the DetectedIssue's identifier value is urn:uuid:<alertId>; its id is the bare UUID (found by a
                    // newcomer probe: a FHIR-only system keyed its acknowledgement on the identifier and got no hint)
                    failures.Add(text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParseExact(text["urn:uuid:".Length..], "D", out _)
                        ? $"{name} must be {UuidForm}, without urn:uuid: (a DetectedIssue's id, not its identifier value)"
                        : $"{name} must be {UuidForm}");
                }
                else if (uuid == Guid.Empty)
                {
                    // present, but the value a missing id deserialises to: never an idempotency key or an alert
                    failures.Add($"{name} must not be the nil UUID (00000000-0000-0000-0000-000000000000)");
                }

                break;
            case Kind.PatientId:
                CheckPatientId(name, text, failures);
                break;
            case Kind.Timestamp:
                if (!Rfc3339.TryParseTimestamp(text, out _, out var beyond))
                {
                    failures.Add(beyond ? $"{name} is out of range (from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z)" : NotTimestamp(name, text));
                }

                break;
            case Kind.EventTime:
                if (!Rfc3339.TryParseTimestamp(text, out var at, out var outOfRange))
                {
                    failures.Add(outOfRange ? OutOfRange(name) : NotTimestamp(name, text));
                }
                else if (at.UtcDateTime.Year is < EarliestYear or > LatestYear)
                {
                    // here, where the field is known to be present: 0001-01-01T00:00:00Z is out of range, not missing
                    failures.Add(OutOfRange(name));
                }
                else if (at > context.Limit.Latest)
                {
                    failures.Add(context.Limit.Beyond(name));
                }

                break;
            case Kind.Date:
                if (!Rfc3339.TryParseDate(text, out _))
                {
                    failures.Add(Rfc3339.IsNoSuchDay(text) ? Rfc3339.NoSuchDay(name) : $"{name} must be {Rfc3339.DateForm}");
                }

                break;
            case Kind.Text:
                if (text.Length > field.MaxLength)
                {
                    failures.Add($"{name} must be at most {field.MaxLength} characters (was {text.Length}{Counted(text)})");
                }
                else if (field.ItemKey && ItemKeyFailure(name, text) is { } keyFailure)
                {
                    failures.Add(keyFailure);
                }

                break;
        }
    }

    /// <summary>
    /// The whole value of a JSON number, however it is written (<c>30</c>, <c>30.0</c>, <c>3e1</c>: JSON does not tell
    /// them apart, and floating-point serialisers write the second); null for a fraction or a value beyond an int.
    /// The contract type reads the same forms (RegimenMonitor.Contracts' WholeDaysConverter).
    /// </summary>
    private static int? WholeDays(JsonElement value) =>
        value.TryGetInt32(out var days) ? days
        : IsWholeLiteral(value.GetRawText()) && value.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number
        : null;

    /// <summary>
    /// Whether a JSON number literal is a whole number, read from its digits: a decimal rounds
    /// 399.99999999999999999999999999999 to 400, which would pass a fraction as whole days.
    /// </summary>
    internal static bool IsWholeLiteral(string literal)
    {
        var text = literal.AsSpan().TrimStart('-');
        var exponentAt = text.IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        long exponent = 0;
        if (exponentAt >= 0)
        {
            var exponentText = text[(exponentAt + 1)..];
            if (!long.TryParse(exponentText[..Math.Min(exponentText.Length, 12)], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }
        }

        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        // the digits in order, and where the decimal point falls among them once the exponent is applied
        Span<char> digits = mantissa.Length <= 512 ? stackalloc char[mantissa.Length] : new char[mantissa.Length];
        var count = 0;
        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        var wholeDigits = Math.Clamp(integerDigits + exponent, 0, count);
        return !digits[(int)wholeDigits..count].ContainsAnyExcept('0');
    }

    internal static string NumberNotExact(string name) =>
        $"{name} must be a number a decimal holds exactly (at most 28 significant digits and 28 decimal places): a non-zero value as small as 1e-29 would be read as 0, more digits would be rounded";

    /// <summary>
    /// Whether <paramref name="value"/> is the number the JSON literal writes (same sign, digits and place), read from
    /// the literal's digits: a decimal reads <c>1e-400</c> as 0 and rounds a fraction of hundreds of digits, silently.
    /// Trailing zeros do not count (<c>10.000</c>, <c>1e1</c> are 10).
    /// </summary>
    internal static bool IsExactDecimal(string literal, decimal value) =>
        PlainlyExact(literal.AsSpan())
        || (Significand(literal) is { } written && written == Significand(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary><see cref="IsExactDecimal(string, decimal)"/> on the element's own bytes, copied only when it is not plainly exact.</summary>
    private static bool IsExactDecimal(JsonElement element, decimal value) =>
        PlainlyExact(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)) || IsExactDecimal(element.GetRawText(), value);

    /// <summary>
    /// A number literal of at most 28 characters without an exponent (every quantity a feed writes): at most 28 digits
    /// and 26 after the point, which a decimal holds exactly, so the digits need no comparing.
    /// </summary>
    private static bool PlainlyExact(ReadOnlySpan<char> literal) => literal.Length <= 28 && literal.IndexOfAny('e', 'E') < 0;

    internal static bool PlainlyExact(ReadOnlySpan<byte> literal) => literal.Length <= 28 && literal.IndexOfAny((byte)'e', (byte)'E') < 0;

    /// <summary>A number literal's sign, significant digits and the place of its first one; null when its exponent is unreadable.</summary>
    private static (bool Negative, string Digits, long Place)? Significand(string literal)
    {
        var text = literal.AsSpan();
        var negative = text.StartsWith("-");
        text = text.TrimStart('-');
        var exponentAt = text.IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        long exponent = 0;
        if (exponentAt >= 0)
        {
            // leading zeros do not count (1e-0000000000001 is 0.1); beyond 12 digits no decimal holds it unless it is 0
            var exponentText = text[(exponentAt + 1)..];
            var exponentNegative = exponentText.StartsWith("-");
            var exponentDigits = exponentText.TrimStart("+-").TrimStart('0');
            if (exponentDigits.Length > 12 || !long.TryParse(exponentDigits.IsEmpty ? "0" : exponentDigits, NumberStyles.None, CultureInfo.InvariantCulture, out exponent))
            {
                return mantissa.ContainsAnyExcept('0', '.') ? null : (false, "", 0);
            }

            exponent = exponentNegative ? -exponent : exponent;
        }

        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        var place = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return digits.Length == 0 ? (false, "", 0) : (negative, digits, place - leading);
    }

    private static string NumberOutOfRange(string name) => $"{name} is out of range (a JSON number of at most {MaxNumber} in magnitude)";

    private static string NotTimestamp(string name, string text) =>
        Rfc3339.IsLeapSecond(text) ? Rfc3339.LeapSecond(name)
        : Rfc3339.IsOffsetBeyondRange(text) ? Rfc3339.OffsetBeyondRange(name)
        : Rfc3339.IsNoSuchDay(text) ? Rfc3339.NoSuchDay(name)
        : $"{name} must be {Rfc3339.TimestampForm}";

    private static void CheckPatientId(string name, string text, List<string> failures)
    {
        if (PatientIdFailure(name, text) is { } failure)
        {
            failures.Add(failure);
        }
    }

    /// <summary>
    /// What a length limit's "was N" counts when it is more than the characters a reader sees: UTF-16 code units, as
    /// SQL Server's <c>nvarchar(n)</c> columns count them (PostgreSQL's <c>varchar(n)</c> counts code points, so counting
    /// those would let through a text SQL Server refuses); empty when the text has no character beyond U+FFFF.
    /// </summary>
    internal static string Counted(string text) =>
        text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? string.Empty : " UTF-16 code units: an emoji or other character beyond U+FFFF counts as two";

    /// <summary>
    /// Why <paramref name="text"/> is no patient id, or null: 1-<see cref="MaxPatientIdLength"/> characters, no
    /// surrounding whitespace, no control, format (Cf, by code point: U+200B, U+FEFF, the tag characters U+E0000-U+E007F)
    /// or noncharacters (U+FFFE, U+FFFF, …) anywhere, no space but the ASCII one (U+00A0, U+3000, …), no other invisible
    /// or blank character (<see cref="IsIgnorableOrBlank"/>: U+034F, U+FE0F, U+3164, U+2800, …), and in Unicode NFC,
    /// since ids are compared exactly. The one rule for native events
    /// and the ids FHIR subjects carry (Fhir/FhirEventMapper).
    /// </summary>
    public static string? PatientIdFailure(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TextFailure(name, text) is { } textFailure)
        {
            return textFailure;
        }

        if (text.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            return $"{name} is required (a string of 1-{MaxPatientIdLength} characters)";
        }

        if (text.Length > MaxPatientIdLength)
        {
            return $"{name} must be 1-{MaxPatientIdLength} characters (was {text.Length}{Counted(text)})";
        }

        return ExactIdFailure(name, text, "patient ids");
    }

    /// <summary>
    /// Why <paramref name="text"/> is no item id (<c>dispenseId</c>, <c>statementId</c>: the key later corrections and
    /// stops share), or null: present, it must be text as <see cref="TextFailure"/> says, and, like a patient id, have
    /// no surrounding whitespace, no invisible format characters or noncharacters, no space but the ASCII one, no other
    /// invisible or blank character, NFC, and a visible character: a key
    /// that looks the same as another but is not would make a correction a second item.
    /// </summary>
    public static string? ItemKeyFailure(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TextFailure(name, text) is { } textFailure)
        {
            return textFailure;
        }

        // absent, the item is keyed by eventId; present but blank is a publisher's bug, never a key
        return string.IsNullOrWhiteSpace(text)
            ? $"{name} must not be empty or whitespace (omit it to key the item by eventId)"
            : ExactIdFailure(name, text, "item ids");
    }

    // the space separators (Zs) but U+0020, all in the BMP: U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000
    private static readonly System.Buffers.SearchValues<char> OtherSpaces = System.Buffers.SearchValues.Create(
        "\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000");

    // an id compared exactly: what a person reads is all there is
    private static string? ExactIdFailure(string name, string text, string what)
    {
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return $"{name} must not start or end with whitespace ({what} are compared exactly)";
        }

        if (text.EnumerateRunes().Any(r => IsFormat(r) || IsNoncharacter(r)))
        {
            return $"{name} must not contain invisible format characters or noncharacters (e.g. U+200B, U+E0041, U+FFFF; {what} are compared exactly)";
        }

        // a no-break or other Unicode space inside shows as the ASCII space does, and is another id (found by an edge
        // probe: "PT 9" with U+00A0 and with U+0020 were two patients); named by code point and position, as TextFailure
        if (text.AsSpan().IndexOfAny(OtherSpaces) is var space and >= 0)
        {
            return $"{name} must not contain spaces other than the ASCII space (U+{(int)text[space]:X4} at character {space + 1}; {what} are compared exactly)";
        }

        // an id a person cannot read or type back: only lone combining marks or characters that render blank (U+3164)
        if (!HasVisibleText(text))
        {
            return $"{name} must contain a visible character (it has only lone combining marks or blank fillers such as U+3164 or U+2800)";
        }

        // an invisible mark (U+034F, a variation selector) or a blank filler inside shows nothing, and is another id
        // (found by an edge probe: "PT-1\u034FX" and "PT-1\u3164X" were patients of their own); named as the spaces are
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            if (IsIgnorableOrBlank(Rune.GetRuneAt(text, i)))
            {
                return $"{name} must not contain invisible or blank characters (U+{Rune.GetRuneAt(text, i).Value:X4} at character {i + 1}: a combining grapheme joiner, variation selector, Hangul filler or the braille blank shows nothing; {what} are compared exactly)";
            }
        }

        // the same text in two forms (é as U+00E9, or as e and U+0301) looks the same and is another id; NFC is what
        // keyboards and most systems produce, so the decomposed form is refused rather than normalised (ids are never
        // changed: a correction must name the id the first event gave)
        return text.IsNormalized(NormalizationForm.FormC)
            ? null
            : $"{name} must be in Unicode normalization form C (NFC: e.g. é as U+00E9, not e followed by U+0301; {what} are compared exactly)";
    }

    /// <summary>
    /// The default-ignorable code points that are not format characters (Cf, refused on their own): the combining
    /// grapheme joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer inherent vowels U+17B4,
    /// U+17B5, the Mongolian variation selectors U+180B-U+180D and U+180F, the variation selectors U+FE00-U+FE0F and
    /// U+E0100-U+E01EF, and the reserved ones (U+2065, U+FFF0-U+FFF8, U+E0000-U+E0FFF); and the braille blank U+2800,
    /// which renders as a space.
    /// </summary>
    internal static bool IsIgnorableOrBlank(Rune rune) => RendersBlank(rune) || rune.Value is 0x034F or 0x17B4 or 0x17B5
        or (>= 0x180B and <= 0x180F) or 0x2065 or (>= 0xFE00 and <= 0xFE0F) or (>= 0xFFF0 and <= 0xFFF8) or (>= 0xE0000 and <= 0xE0FFF);

    /// <summary>
    /// Why <paramref name="text"/> is not text the contract stores, or null: an unpaired surrogate, a control
    /// character, a line or paragraph separator (U+2028, U+2029: a line break by another name) or a bidirectional
    /// control (U+202A-U+202E, U+2066-U+2069: they reorder what is shown, so a name could display as another), each
    /// named by code point and position, never the text.
    /// </summary>
    public static string? TextFailure(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (HasUnpairedSurrogate(text))
        {
            return UnpairedSurrogate(name);
        }

        if (ControlCharacterIndex(text) is { } index)
        {
            return $"{name} must not contain control characters (U+{(int)text[index]:X4} at character {index + 1})";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\u2028' or '\u2029')
            {
                return $"{name} must not contain line or paragraph separators (U+{(int)text[i]:X4} at character {i + 1})";
            }

            if (text[i] is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"{name} must not contain bidirectional control characters (U+{(int)text[i]:X4} at character {i + 1})";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a character a person can see: not null and not only whitespace, invisible
    /// format characters (U+200B, U+202E, U+2060, U+FEFF, the tag characters U+E0001-U+E007F, …), noncharacters
    /// (U+FFFE, U+FFFF, U+FDD0-U+FDEF, …), combining marks with nothing to combine with (U+034F, the variation
    /// selectors U+FE00-U+FE0F, …) and the letters and symbols that render blank (the Hangul fillers U+115F, U+1160,
    /// U+3164, U+FFA0; the braille blank U+2800), read by code point so characters beyond U+FFFF are judged as
    /// themselves.
    /// </summary>
    public static bool HasVisibleText([NotNullWhen(true)] string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && !IsFormat(rune) && !IsNoncharacter(rune) && !IsMark(rune) && !RendersBlank(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The reason for a text without anything <see cref="HasVisibleText"/> counts as visible.</summary>
    public static string NoVisibleText(string name) =>
        $"{name} must contain visible text (it has only whitespace, invisible format characters such as U+200B, noncharacters, lone combining marks or blank fillers such as U+3164)";

    private static bool IsFormat(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;

    // a mark is seen only on a base character: a text of marks alone shows nothing (or a dotted circle)
    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    private static bool RendersBlank(Rune rune) => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    // the 66 noncharacters: U+FDD0-U+FDEF and the last two code points of every plane
    private static bool IsNoncharacter(Rune rune) => rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the first C0/C1 control character (NUL, tab, newline, DEL, U+0080-U+009F), or null.</summary>
    internal static int? ControlCharacterIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static string Form(Field field) => field.Kind switch
    {
        Kind.Uuid => UuidForm,
        Kind.PatientId => $"a string of 1-{MaxPatientIdLength} characters",
        Kind.Text when field.Values is { } values => $"a string, one of {values}",
        Kind.Text => $"a string of at most {field.MaxLength} characters",
        Kind.Timestamp or Kind.EventTime => Rfc3339.TimestampForm,
        Kind.Date => Rfc3339.DateForm,
        Kind.Object => $"an object with {string.Join(", ", field.Children!.Select(c => c.Required ? c.Name : c.Name + "?"))}",
        Kind.DaysSupply => "a whole JSON number of days from 1 to 400",
        Kind.Number => "a JSON number",
        _ => "a value of the contract's type",
    };

    private static string Was(JsonElement value) => value.ValueKind == JsonValueKind.Number ? string.Empty : $" (was {Describe(value.ValueKind)})";

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// MassTransit's decimal convention: a string holding a JSON number literal (<c>"10"</c>, <c>"2.5"</c>, <c>"1e2"</c>).
    /// Anything else — letters, <c>NaN</c>, whitespace, an empty string — is not a number; a literal beyond
    /// <see cref="decimal"/> is out of range. Never throws.
    /// </summary>
    private static DecimalText DecimalString(JsonElement value)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // an escaped unpaired surrogate: not a number either
            return DecimalText.NotANumber;
        }

        // only the characters of a JSON number, so the reader below sees ASCII and no whitespace it would skip
        if (text.Length is 0 or > 40 || !text.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or '.' or 'e' or 'E'))
        {
            return DecimalText.NotANumber;
        }

        var reader = new Utf8JsonReader(Encoding.ASCII.GetBytes(text));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || reader.BytesConsumed != text.Length)
            {
                return DecimalText.NotANumber;
            }
        }
        catch (JsonException)
        {
            // "+1", "1.", "--1", "1e": not the grammar of a JSON number
            return DecimalText.NotANumber;
        }

        return !reader.TryGetDecimal(out var number) ? DecimalText.OutOfRange
            : IsExactDecimal(text, number) ? DecimalText.Number
            : DecimalText.NotExact;
    }

    private enum DecimalText
    {
        Number,
        NotANumber,
        OutOfRange,
        NotExact,
    }

    private readonly record struct Context(EventTimeLimit Limit, bool MassTransitEnvelope);

    // ItemKey: an item's id (dispenseId, statementId), optional but never blank when given
    // Values: for a text field of a fixed set of codes, the codes its type error names ("a string, one of …")
    internal sealed record Field(string Name, Kind Kind, bool Required = false, int MaxLength = 0, Field[]? Children = null, bool ItemKey = false, string? Values = null);
}
