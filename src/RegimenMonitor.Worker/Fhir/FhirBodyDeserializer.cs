using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Lets the FHIR endpoints accept <c>content_type: application/fhir+json</c> (and the pre-R4 <c>application/json+fhir</c>
/// some systems still send): the raw JSON deserializer under the FHIR media type, so the message reaches
/// <see cref="FhirResourceConsumer{TInput}"/>, which parses the body with the FHIR SDK.
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

    public ConsumeContext Deserialize(ReceiveContext receiveContext) => _raw.Deserialize(receiveContext);

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        _raw.Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => _raw.GetMessageBody(text);
}
