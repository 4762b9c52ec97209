using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Lets the FHIR endpoints accept <c>content_type: application/fhir+json</c> (and the pre-R4 <c>application/json+fhir</c>
/// some systems still send): the raw JSON deserializer under the FHIR media type, so the message reaches
/// <see cref="FhirResourceConsumer{TInput}"/>, which parses the body with the FHIR SDK. Registered as the endpoint's
/// default too (plain JSON, no content type, and any other type, which it refuses): a body that is not one JSON object,
/// or comes with another content type, goes to <c>_error</c> with the reason in our words.
/// </summary>
internal sealed class FhirBodyDeserializer(ContentType contentType) : ISerializerFactory, IMessageDeserializer
{
    public static readonly ContentType FhirJsonContentType = new(FhirJson.ContentType);

    public static readonly ContentType LegacyFhirJsonContentType = new("application/json+fhir");

    private readonly SystemTextJsonRawMessageSerializer _raw = new(RawSerializerOptions.AnyMessageType);

    public ContentType ContentType => contentType;

    public IMessageSerializer CreateSerializer() => throw new NotSupportedException("FHIR bodies are published by their senders, never by us");

    public IMessageDeserializer CreateDeserializer() => this;

    public void Probe(ProbeContext context) => _raw.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        try
        {
            CheckContentType(ContractDeserializer.RawContentType(receiveContext));
            ContractDeserializer.CheckReadable(receiveContext);
            ContractDeserializer.CheckContentEncoding(receiveContext);
            Check(receiveContext.Body.GetBytes());
        }
        catch (InvalidEventException ex)
        {
            Infrastructure.Observability.ConsumeTelemetry.Rejected(FhirMessaging.EventType, ex, receiveContext);
            throw;
        }

        return new NoReplyConsumeContext(_raw.Deserialize(receiveContext));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Check(body.GetBytes());
        return _raw.Deserialize(body, headers, destinationAddress);
    }

    /// <summary>
    /// What must hold before the body is handed over (the reader would fail on it with its own words): UTF-8 text
    /// that is one JSON object. The consumer then reads it as FHIR R4 (<see cref="FhirJson"/>).
    /// </summary>
    internal static void Check(byte[] body)
    {
        if (EventContract.CheckBytes(body, "body") is { } bytesFailure)
        {
            throw new InvalidEventException([bytesFailure]);
        }

        // the depth every JSON reader here takes (the raw deserializer's too): deeper is named, not a reader's crash
        var reader = new System.Text.Json.Utf8JsonReader(body, new System.Text.Json.JsonReaderOptions { MaxDepth = EventContract.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                throw new InvalidEventException("body is not a FHIR resource: a JSON object with resourceType is expected");
            }

            // the whole body must be JSON: a truncated one fails here, with its line and byte. On the way, a resourceType
            // given twice in one object (the root, or a Bundle entry's resource): the FHIR reader checks every other
            // element for this (JSON129) but takes the type from one of the two, so the other would be read silently
            var typed = new Stack<bool>();
            typed.Push(false);
            var path = new JsonPath(body);
            path.Enter(ref reader, array: false);
            while (reader.Read())
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsUnicode(ref reader))
                {
                    // an escaped unpaired surrogate ("\ud800"): no name any reader here can turn into a string
                    throw new InvalidEventException([EventContract.InvalidPropertyName]);
                }

                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.StartObject:
                        typed.Push(false);
                        path.Enter(ref reader, array: false);
                        break;
                    case System.Text.Json.JsonTokenType.EndObject:
                        typed.Pop();
                        path.Leave();
                        break;
                    case System.Text.Json.JsonTokenType.StartArray:
                        path.Enter(ref reader, array: true);
                        break;
                    case System.Text.Json.JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName:
                        path.Name(ref reader);
                        if (reader.ValueTextEquals("resourceType"u8))
                        {
                            if (typed.Pop())
                            {
                                throw new InvalidEventException("resourceType appears more than once in one resource (expected each element once)");
                            }

                            typed.Push(true);
                        }

                        break;
                    case System.Text.Json.JsonTokenType.Number:
                        // the FHIR reader reads every decimal element as a .NET decimal, silently: 1e-400 as 0, a
                        // fraction of 40 digits rounded. The native contract refuses both (EventContract); so does this.
                        var index = path.Next();
                        if (!EventContract.PlainlyExact(reader.ValueSpan) && reader.TryGetDecimal(out var number)
                            && !EventContract.IsExactDecimal(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), number))
                        {
                            throw new InvalidEventException(EventContract.NumberNotExact(path.Of(index)));
                        }

                        break;
                    default:
                        path.Next();
                        break;
                }
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidEventException([EventContract.NotJson("body", body, ex, "leave the element out (FHIR JSON has no null)")]);
        }
    }

    /// <summary>
    /// Where the reader is, for a failure's words (<c>entry[0].resource.quantity.value</c>): kept as offsets into the
    /// body, so a body without a failure costs no string.
    /// </summary>
    private sealed class JsonPath(byte[] body)
    {
        // per open container: how it was entered (the name's offset and length in the body, or its index in an array),
        // and for an array the index of its next element (-1 for an object)
        private readonly List<(int Start, int Length, string? Escaped, int Index, int NextIndex)> _open = [];
        private (int Start, int Length, string? Escaped) _name;

        public void Enter(ref System.Text.Json.Utf8JsonReader reader, bool array)
        {
            var index = _open.Count == 0 ? -1 : Next();
            _open.Add((_name.Start, _name.Length, _name.Escaped, index, array ? 0 : -1));
        }

        public void Leave() => _open.RemoveAt(_open.Count - 1);

        public void Name(ref System.Text.Json.Utf8JsonReader reader) =>
            _name = reader.ValueIsEscaped ? (0, 0, reader.GetString()) : ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);

        /// <summary>The index in its array of the value starting now, or -1 when it is an object's element.</summary>
        public int Next()
        {
            var top = _open[^1];
            if (top.NextIndex < 0)
            {
                return -1;
            }

            _open[^1] = top with { NextIndex = top.NextIndex + 1 };
            return top.NextIndex;
        }

        /// <summary>The path of the value starting now (<paramref name="index"/> from <see cref="Next"/>).</summary>
        public string Of(int index)
        {
            var text = new System.Text.StringBuilder();
            for (var i = 1; i < _open.Count; i++)
            {
                Append(text, _open[i].Start, _open[i].Length, _open[i].Escaped, _open[i].Index);
            }

            Append(text, _name.Start, _name.Length, _name.Escaped, index);
            return text.ToString();
        }

        private void Append(System.Text.StringBuilder text, int start, int length, string? escaped, int index)
        {
            if (index >= 0)
            {
                text.Append('[').Append(index).Append(']');
                return;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(escaped ?? System.Text.Encoding.UTF8.GetString(body, start, length));
        }
    }

    // the current token as a string: false for an escaped unpaired surrogate
    private static bool IsUnicode(ref System.Text.Json.Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The media types of docs/fhir.md: FHIR JSON (R4 and the pre-R4 name), plain JSON, or none.</summary>
    internal static void CheckContentType(string? raw)
    {
        var mediaType = ContractDeserializer.MediaType(raw);
        if (mediaType.Length == 0
            || mediaType.Equals(FhirJson.ContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(LegacyFhirJsonContentType.MediaType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(ContractDeserializer.JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            ContractDeserializer.CheckParameters(raw);
            CheckFhirVersion(raw);
            ContractDeserializer.CheckCharset(raw);
            return;
        }

        throw new InvalidEventException([$"content_type must be {FhirJson.ContentType}, {ContractDeserializer.JsonMediaType} or absent (was {ContractDeserializer.Shown(mediaType)})"]);
    }

    /// <summary>
    /// The media type's <c>fhirVersion</c> parameter (FHIR's http.html#version-parameter), when given, must name R4:
    /// <c>4.0</c> or a 4.0 patch release (<c>4.0.1</c>). Another version's resource would be read as R4 and mean
    /// something else (R5's MedicationStatement statuses differ).
    /// </summary>
    private static void CheckFhirVersion(string? raw)
    {
        // read as ContentTypeParameters reads the parameters (a ';' inside a quoted value is not a parameter)
        if (Infrastructure.Messaging.ContentTypeParameters.Value(raw, "fhirVersion") is { } version)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^4\.0(\.[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                throw new InvalidEventException([$"content_type fhirVersion must be 4.0 (FHIR R4, 4.0.1 too) or absent: the body is read as FHIR R4 (was {ContractDeserializer.Shown(version)})"]);
            }
        }
    }

    public MessageBody GetMessageBody(string text) => _raw.GetMessageBody(text);
}
