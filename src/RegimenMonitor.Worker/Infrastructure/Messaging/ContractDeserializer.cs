using System.Net.Mime;
using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The receive endpoints' only deserializer: the wire contract enforced exactly at the edge, before MassTransit's
/// lenient reader sees the body. Accepts content type <c>application/json</c> (any parameters) or none — plain JSON —
/// and <c>application/vnd.masstransit+json</c> — a MassTransit envelope whose <c>messageType</c> names this endpoint's
/// contract type; rejects every other content type, a body that is not UTF-8 JSON, and an event that fails
/// <see cref="EventContract"/>, with an <see cref="InvalidEventException"/> naming the field. Thrown here, the failure
/// is a receive fault: never retried, the message goes to the endpoint's <c>_error</c> queue with the reason in
/// <c>MT-Fault-Message</c>. Registered under both media types and as the default (so unknown types reach it too).
/// </summary>
internal sealed class ContractDeserializer(ContentType contentType, string eventType, string messageTypeUrn, TimeProvider clock, TimeSpan maxFutureSkew)
    : IMessageDeserializer
{
    public const string JsonMediaType = "application/json";
    public const string EnvelopeMediaType = "application/vnd.masstransit+json";

    private static readonly SystemTextJsonRawMessageSerializer Raw = new(RawSerializerOptions.AnyMessageType);

    public ContentType ContentType => contentType;

    /// <summary>The deserializer registrations of one receive endpoint (plain JSON as the default, and envelopes).</summary>
    public static IEnumerable<ISerializerFactory> Factories(string eventType, string messageTypeUrn, TimeProvider clock, TimeSpan maxFutureSkew) =>
    [
        new Factory(new ContractDeserializer(new ContentType(JsonMediaType), eventType, messageTypeUrn, clock, maxFutureSkew)),
        new Factory(new ContractDeserializer(new ContentType(EnvelopeMediaType), eventType, messageTypeUrn, clock, maxFutureSkew)),
    ];

    public void Probe(ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = context.CreateScope("contract");
        scope.Add("contentType", contentType.MediaType);
        scope.Add("eventType", eventType);
    }

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        bool envelope;
        try
        {
            envelope = IsEnvelope(RawContentType(receiveContext));
            CheckReadable(receiveContext);
            CheckContentEncoding(receiveContext);
            Check(receiveContext.Body.GetBytes(), envelope);
        }
        catch (InvalidEventException ex)
        {
            ConsumeTelemetry.Rejected(eventType, ex, receiveContext);
            throw;
        }

        return new NoReplyConsumeContext(envelope ? SystemTextJsonMessageSerializer.Instance.Deserialize(receiveContext) : Raw.Deserialize(receiveContext));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Check(body.GetBytes(), envelope: false);
        return Raw.Deserialize(body, headers, destinationAddress);
    }

    public MessageBody GetMessageBody(string text) => Raw.GetMessageBody(text);

    /// <summary>Checks a body as it arrived; throws <see cref="InvalidEventException"/> naming what is wrong.</summary>
    internal void Check(byte[] body, bool envelope)
    {
        if (EventContract.CheckBytes(body, "body") is { } bytesFailure)
        {
            throw new InvalidEventException([bytesFailure]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidEventException([EventContract.NotJson("body", body, ex)]);
        }

        using (document)
        {
            var message = document.RootElement;
            if (envelope)
            {
                message = Unwrap(message);
            }

            var failures = EventContract.Check(message, eventType, EventTimeLimit.From(clock, maxFutureSkew), envelope);
            if (!envelope && LooksLikeEnvelope(message, anyCase: failures.Count > 0))
            {
                // every event field "required" would not say why (found by an edge probe): the body is an envelope; and
                // one with an event's fields beside the envelope's would have been applied as that event, its message
                // (another event, perhaps another patient's) dropped as an unknown field (found by another)
                failures = failures.Count > 0
                    ? [$"the body is a MassTransit envelope (messageType and message) sent as plain JSON: publish it with content type {EnvelopeMediaType}, or send the event alone as application/json", .. failures]
                    : [$"the body has an event's fields and also an envelope's messageType and message: send the event alone as application/json, or the envelope alone as {EnvelopeMediaType}"];
            }

            if (failures.Count > 0)
            {
                throw new InvalidEventException(failures) { EventId = EventIdOf(message) };
            }
        }
    }

    /// <summary>
    /// Whether a plain JSON body (or an envelope's message) is an object with both <c>messageType</c> and <c>message</c>: in any letter case when
    /// <paramref name="anyCase"/>, else in the spellings publishers use, compared in place (every plain event passes
    /// here, and reading a name allocates it).
    /// </summary>
    internal static bool LooksLikeEnvelope(JsonElement body, bool anyCase)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        try
        {
            bool type = false, message = false;
            foreach (var property in body.EnumerateObject())
            {
                type |= anyCase
                    ? property.Name.Equals("messageType", StringComparison.OrdinalIgnoreCase)
                    : property.NameEquals("messageType") || property.NameEquals("MessageType") || property.NameEquals("messagetype");
                message |= anyCase
                    ? property.Name.Equals("message", StringComparison.OrdinalIgnoreCase)
                    : property.NameEquals("message") || property.NameEquals("Message");
            }

            return type && message;
        }
        catch (InvalidOperationException)
        {
            return false; // a property name System.Text.Json cannot read (the failures already say so)
        }
    }

    private static Guid? EventIdOf(JsonElement message)
    {
        try
        {
            return message.ValueKind == JsonValueKind.Object && message.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String
                && Guid.TryParseExact(id.GetString(), "D", out var eventId) ? eventId : null;
        }
        catch (InvalidOperationException)
        {
            // a property name System.Text.Json cannot read (the failures already say so)
            return null;
        }
    }

    /// <summary>The <c>message</c> of a MassTransit envelope that carries this endpoint's contract type.</summary>
    private JsonElement Unwrap(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException(["the envelope must be a JSON object with messageType and message"]);
        }

        JsonElement? types = null, message = null;
        try
        {
            // a field given twice, in any case, is refused as in the event itself: MassTransit's reader and this check
            // would each take one of the two, and need not take the same
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new InvalidEventException([$"{EnvelopeFieldName(property.Name)} is given twice (in any letter case); give each envelope field once"]);
                }

                if (property.NameEquals("messageType") || property.Name.Equals("messageType", StringComparison.OrdinalIgnoreCase))
                {
                    types = property.Value;
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message = property.Value;
                }
            }
        }
        catch (InvalidOperationException)
        {
            throw new InvalidEventException([EventContract.InvalidPropertyName]);
        }

        if (types is { ValueKind: not (JsonValueKind.Array or JsonValueKind.Null) } single)
        {
            // a lone URN, the right one too, is not read by MassTransit (it reads an array): say what is wrong with it
            throw new InvalidEventException([$"messageType must be an array of message type URNs, e.g. [\"{messageTypeUrn}\"] (was {EventContract.Describe(single.ValueKind)})"]);
        }

        if (types is { ValueKind: JsonValueKind.Array } entries && MessageTypeFailure(entries) is { } entryFailure)
        {
            throw new InvalidEventException([entryFailure]);
        }

        if (types is null && message is null && root.TryGetProperty("eventId", out _))
        {
            // the mirror of the plain-JSON hint: a plain event labelled as an envelope has neither envelope field
            // (found by an independent edge probe: the reason named messageType alone)
            throw new InvalidEventException([$"the body is a plain event (eventId, no messageType or message) sent as {EnvelopeMediaType}: publish it with content type {JsonMediaType}, or wrap it in an envelope"]);
        }

        if (types is not { ValueKind: JsonValueKind.Array } list)
        {
            // absent or null: "must include" would read as if a list had been given (found by an edge probe)
            throw new InvalidEventException([$"messageType is required (an array of message type URNs that includes {messageTypeUrn}; this endpoint takes only {eventType} events)"]);
        }

        if (!list.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals(messageTypeUrn)))
        {
            throw new InvalidEventException([$"messageType must include {messageTypeUrn} (this endpoint takes only {eventType} events)"]);
        }

        if (message is not { ValueKind: JsonValueKind.Object } value)
        {
            // present but not an object (an array of events, say): its type, not "required" (found by an edge probe)
            throw new InvalidEventException([message is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given
                ? $"message must be a JSON object, the envelope's event (was {EventContract.Describe(given.ValueKind)})"
                : "message is required (the envelope's event, a JSON object)"]);
        }

        if (LooksLikeEnvelope(value, anyCase: true))
        {
            // MassTransit would read the outer message and drop the inner one unseen (found by an independent edge probe)
            throw new InvalidEventException(["message is itself an envelope (it has messageType and message): send one envelope whose message is the event alone"]);
        }

        List<string> failures;
        try
        {
            failures = EnvelopeFailures(root);
            if (EventContract.EventFieldsIn(root, eventType) is { Count: > 0 } eventFields)
            {
                // the mirror of a plain event that also carries an envelope: MassTransit reads the message, and the event
                // beside it (perhaps another patient's) would be dropped unseen (found by an independent edge probe)
                failures.Insert(0, $"the envelope has an event's own fields beside its messageType and message ({string.Join(", ", eventFields)}): put the event in message alone, or send it alone as {JsonMediaType}");
            }
        }
        catch (InvalidOperationException)
        {
            throw new InvalidEventException([EventContract.InvalidPropertyName]); // a name System.Text.Json cannot read
        }

        if (failures.Count > 0)
        {
            throw new InvalidEventException(failures);
        }

        return value;
    }

    /// <summary>
    /// Why the entries of an envelope's <c>messageType</c> array cannot be read, or null: MassTransit reads them as
    /// strings, so each is a string (or null) of valid Unicode. Named by position, never by value.
    /// </summary>
    private static string? MessageTypeFailure(JsonElement types)
    {
        var index = 0;
        foreach (var entry in types.EnumerateArray())
        {
            if (entry.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"messageType[{index}] must be a string, a message type URN such as urn:message:RegimenMonitor.Contracts:MedicationDispensed";
            }

            if (entry.ValueKind == JsonValueKind.String && EventContract.ReadableText(entry) is null)
            {
                return EventContract.UnpairedSurrogate($"messageType[{index}]");
            }

            index++;
        }

        return null;
    }

    /// <summary>
    /// The envelope's own fields, checked before MassTransit reads them: its ids must be UUIDs (or blank, which it reads
    /// as absent), its addresses absolute URIs, its times date-times, <c>headers</c> and <c>host</c> objects, and every
    /// string of them, in <c>headers</c> and <c>host</c> too, valid Unicode (an escaped unpaired surrogate fails
    /// MassTransit's reader with System.Text.Json's own error, naming nothing). MassTransit's own errors quote the value ("The Id was
    /// not a Guid: …"), and a publisher may have put an identifier there; these reasons name the field only (in
    /// <c>headers</c>, not even the header: its name is the publisher's).
    /// </summary>
    internal static List<string> EnvelopeFailures(JsonElement root)
    {
        var failures = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var name = property.Name;
            if (((string[])[.. EnvelopeIds, .. EnvelopeAddresses, .. EnvelopeTimes]).FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } field
                && value.ValueKind == JsonValueKind.String && EventContract.ReadableText(value) is null)
            {
                // a value MassTransit's reader cannot read as a string (an escaped unpaired surrogate) would fail there
                // with System.Text.Json's own error, naming nothing
                failures.Add(EventContract.UnpairedSurrogate(field));
            }
            else if (EnvelopeIds.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } id)
            {
                // MassTransit reads a blank id as absent
                if (value.ValueKind != JsonValueKind.String || (!string.IsNullOrWhiteSpace(value.GetString()) && !Guid.TryParse(value.GetString(), out _)))
                {
                    failures.Add($"{id} must be a UUID, e.g. 8f1c2a4e-0b7d-4c55-9a51-3e2f6d7c8b90 (or absent)");
                }
            }
            else if (EnvelopeAddresses.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } address)
            {
                // MassTransit reads an address with new Uri(…): absolute only
                if (value.ValueKind != JsonValueKind.String || (!string.IsNullOrWhiteSpace(value.GetString()) && !Uri.TryCreate(value.GetString(), UriKind.Absolute, out _)))
                {
                    failures.Add($"{address} must be an absolute URI string, e.g. rabbitmq://host/vhost/queue (or absent)");
                }
            }
            else if (EnvelopeTimes.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } time)
            {
                if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out _))
                {
                    failures.Add($"{time} must be an ISO 8601 date-time string, e.g. 2026-03-01T09:30:00Z (or absent)");
                }
            }
            else if (name.Equals("headers", StringComparison.OrdinalIgnoreCase))
            {
                if (value.ValueKind != JsonValueKind.Object)
                {
                    failures.Add("headers must be a JSON object (or absent)");
                }
                else
                {
                    HeaderFailures(value, failures);
                }
            }
            else if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                HostFailures(value, failures);
            }
        }

        return failures;
    }

    private static void HostFailures(JsonElement host, List<string> failures)
    {
        if (host.ValueKind != JsonValueKind.Object)
        {
            failures.Add("host must be a JSON object (or absent)");
            return;
        }

        foreach (var property in host.EnumerateObject())
        {
            var kind = property.Value.ValueKind;
            if (property.Name.Equals("processId", StringComparison.OrdinalIgnoreCase))
            {
                if (kind != JsonValueKind.Null && (kind != JsonValueKind.Number || !property.Value.TryGetInt32(out _)))
                {
                    failures.Add("host.processId must be an integer (or absent)");
                }
            }
            else if (kind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                failures.Add($"host.{HostFieldName(property.Name)} must be a string (or absent)");
            }
            else if (kind == JsonValueKind.String && EventContract.ReadableText(property.Value) is null)
            {
                failures.Add(EventContract.UnpairedSurrogate($"host.{HostFieldName(property.Name)}"));
            }
        }
    }

    private static string HostFieldName(string name) => HostFields.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? "<field>";

    /// <summary>
    /// MassTransit reads every header, name and value, nested ones too: a name or a string it cannot read (an escaped
    /// unpaired surrogate) is refused, reported once each, without the header's name (it may be anything).
    /// </summary>
    private static void HeaderFailures(JsonElement headers, List<string> failures)
    {
        bool badName = false, badValue = false;
        void Visit(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        try
                        {
                            _ = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            badName = true;
                        }

                        Visit(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
                case JsonValueKind.String when EventContract.ReadableText(element) is null:
                    badValue = true;
                    break;
            }
        }

        Visit(headers);
        if (badName)
        {
            failures.Add("headers names must be valid Unicode (no unpaired surrogate escapes)");
        }

        if (badValue)
        {
            failures.Add(EventContract.UnpairedSurrogate("headers values"));
        }
    }

    /// <summary>An envelope field's name as MassTransit writes it, or "an envelope field" for a name of the publisher's own.</summary>
    private static string EnvelopeFieldName(string name) =>
        ((string[])["messageType", "message", "headers", "host", .. EnvelopeIds, .. EnvelopeAddresses, .. EnvelopeTimes])
            .FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? "an envelope field";

    private static readonly string[] EnvelopeIds = ["messageId", "requestId", "correlationId", "conversationId", "initiatorId", "scheduledMessageId"];
    private static readonly string[] EnvelopeAddresses = ["sourceAddress", "destinationAddress", "responseAddress", "faultAddress"];
    private static readonly string[] EnvelopeTimes = ["sentTime", "expirationTime"];
    private static readonly string[] HostFields = ["machineName", "processName", "frameworkVersion", "massTransitVersion", "operatingSystemVersion", "assembly", "assemblyVersion"];

    /// <summary>
    /// True for a MassTransit envelope, false for plain JSON; throws for any other content type. Read from the AMQP
    /// property itself: MassTransit turns an unparseable content type into none.
    /// </summary>
    internal static bool IsEnvelope(string? raw)
    {
        var mediaType = MediaType(raw);
        if (mediaType.Length == 0 || mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            CheckParameters(raw);
            CheckCharset(raw);
            return false;
        }

        if (mediaType.Equals(EnvelopeMediaType, StringComparison.OrdinalIgnoreCase))
        {
            CheckParameters(raw);
            CheckCharset(raw);
            return true;
        }

        // a FHIR body on a native exchange: say where it goes (found by a newcomer probe: told only to change the content
        // type, the publisher then got "eventId is required; patientId is required; …")
        var fhir = mediaType.Equals(Fhir.FhirJson.ContentType, StringComparison.OrdinalIgnoreCase) ? $"; {EventContract.FhirElsewhere}" : string.Empty;
        throw new InvalidEventException([$"content_type must be {JsonMediaType} (or absent) or {EnvelopeMediaType} (was {Shown(mediaType)}){fhir}"]);
    }

    /// <summary>
    /// Refuses a content type whose parameters cannot be read, or that gives one twice (<see cref="ContentTypeParameters"/>),
    /// before any of them is read.
    /// </summary>
    internal static void CheckParameters(string? raw)
    {
        if (ContentTypeParameters.Failure(raw) is { } failure)
        {
            throw new InvalidEventException([failure]);
        }
    }

    /// <summary>
    /// Refuses a content type whose <c>charset</c> parameter names anything but UTF-8 (<c>utf-8</c> in any letter case,
    /// quoted or not, and the common <c>utf8</c>): the body is always read as UTF-8 (JSON's encoding, RFC 8259), so a
    /// body declared <c>latin1</c> would be read as other text than its publisher meant, or refused for its bytes with a
    /// reason that does not say why. Other parameters are not read here.
    /// </summary>
    internal static void CheckCharset(string? raw)
    {
        if (CharsetFailure(raw) is { } failure)
        {
            throw new InvalidEventException([failure]);
        }
    }

    internal static string? CharsetFailure(string? raw)
    {
        // read as ContentTypeParameters reads the parameters (a ';' inside a quoted value is not a parameter); after
        // CheckParameters, which refuses a charset given twice
        if (ContentTypeParameters.Value(raw, "charset") is not { } given)
        {
            return null;
        }

        var charset = given.Trim();
        // a charset off the list is not named, and the sentence is said without it (found by an independent edge probe:
        // "content_type charset an unlisted value, not shown is not supported")
        var named = charset.Length == 0 ? "charset (empty)" : Shown(charset) == charset ? $"charset {charset}" : $"charset (an unlisted value, not shown)";
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"content_type {named} is not supported; send UTF-8 (charset=utf-8, or no charset): the body is read as UTF-8 JSON";
    }

    /// <summary>
    /// Refuses a body the publisher says is encoded (<c>content_encoding: gzip</c>, say): it would be read as it is, a
    /// compressed body as bytes that are not JSON, and an uncompressed one mislabelled as if the label were not there.
    /// Absent, <c>identity</c> and a charset name (<c>utf-8</c>, which some clients put there) are the body as sent.
    /// </summary>
    internal static void CheckContentEncoding(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ContentEncodingFailure(context.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit) ? rabbit.Properties.ContentEncoding : null) is { } failure)
        {
            throw new InvalidEventException([failure]);
        }
    }

    internal static string? ContentEncodingFailure(string? encoding)
    {
        var value = encoding?.Trim() ?? string.Empty;
        return value.Length == 0 || value.Equals("identity", StringComparison.OrdinalIgnoreCase)
               || value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || value.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"content_encoding must be absent or identity: the body is read as uncompressed UTF-8 JSON (was {Shown(value)})";
    }

    /// <summary>
    /// The media type of a content type, without its parameters; empty when there is none. A content type with
    /// parameters and no type (<c>;;;</c>, <c>; charset=utf-8</c>) is not taken as none: it is returned whole, and refused.
    /// </summary>
    internal static string MediaType(string? raw)
    {
        var type = raw?.Split(';', 2)[0].Trim() ?? string.Empty;
        return type.Length == 0 && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : type;
    }

    /// <summary>
    /// A refused transport value (media type, charset, content encoding, FHIR version) as a reason may show it: only one
    /// of the common values listed here, never what a publisher made up, which may hold anything (found by an independent
    /// edge probe: <c>application/PT-123</c> reached the log line, the fault header and the exported spans). The message in
    /// <c>_error</c> keeps its properties for whoever needs the value.
    /// </summary>
    internal static string Shown(string value) =>
        ShownValues.Contains(value) ? value : "an unlisted value, not shown";

    private static readonly HashSet<string> ShownValues = new(StringComparer.OrdinalIgnoreCase)
    {
        // media types
        "text/plain", "text/json", "text/xml", "text/html", "text/csv", "application/xml", "application/octet-stream",
        "application/x-www-form-urlencoded", "application/fhir+json", "application/fhir+xml", "application/json",
        "application/vnd.masstransit+json", "application/vnd.masstransit+xml", "application/vnd.masstransit+bson",
        "application/bson", "application/x-protobuf", "application/protobuf", "application/x-msgpack", "application/msgpack",
        "application/cloudevents+json", "application/problem+json", "application/hl7-v2", "x-application/hl7-v2+er7",
        // charsets
        "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "iso-8859-1", "iso-8859-15", "latin1", "windows-1252",
        "cp1252", "us-ascii", "ascii",
        // content encodings
        "gzip", "x-gzip", "deflate", "br", "compress", "zstd", "base64",
        // FHIR versions (the fhirVersion parameter)
        "1.0", "1.0.2", "3.0", "3.0.1", "3.0.2", "4.3", "4.3.0", "5.0", "5.0.0", "6.0",
    };

    /// <summary>
    /// The content type as the publisher sent it: the AMQP property, else MassTransit's <c>Content-Type</c> header, else
    /// its <c>ContentType</c> header (which MassTransit reads, in that order, when the property is absent, and takes as
    /// none when it cannot parse it: such a message was applied as plain JSON until 2026-12-04), else as MassTransit read
    /// it (the in-memory transport). The RabbitMQ context is found as a payload: <see cref="ContentTypeGuardFilter"/> may
    /// have passed the message on in a wrapper.
    /// </summary>
    internal static string? RawContentType(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit))
        {
            if (rabbit.Properties.ContentType is { Length: > 0 } property)
            {
                return property;
            }

            if (rabbit.Properties.Headers is { } headers
                && (headers.TryGetValue(MessageHeaders.ContentType, out var header) || headers.TryGetValue(ContentTypeHeaderWithoutHyphen, out header))
                && header is not null)
            {
                // an AMQP string arrives as bytes; any other value (a number, a table) is no media type either
                return header switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    string text => text,
                    _ => "(not a string)",
                };
            }
        }

        return context.ContentType?.ToString();
    }

    /// <summary>The header MassTransit reads for the content type after <c>Content-Type</c> (BaseReceiveContext.GetContentType).</summary>
    private const string ContentTypeHeaderWithoutHyphen = "ContentType";

    /// <summary>
    /// Refuses a message whose content type MassTransit could not read without throwing
    /// (<see cref="ContentTypeGuardFilter"/>) when the checks of the content type as sent found nothing: a second line of
    /// defence (<see cref="ContentTypeParameters"/> refuses every content type known to make it throw), so that such a
    /// message is never taken as one without a content type.
    /// </summary>
    internal static void CheckReadable(ReceiveContext context)
    {
        if (ContentTypeGuardFilter.IsUnreadable(context))
        {
            throw new InvalidEventException([UnreadableContentType]);
        }
    }

    internal const string UnreadableContentType =
        "content_type cannot be read (expected a media type, type/subtype, then ;name=value parameters, each name once)";

    private sealed class Factory(ContractDeserializer deserializer) : ISerializerFactory
    {
        public ContentType ContentType => deserializer.ContentType;

        public IMessageSerializer CreateSerializer() => new SystemTextJsonRawMessageSerializer(RawSerializerOptions.AnyMessageType);

        public IMessageDeserializer CreateDeserializer() => deserializer;
    }
}
