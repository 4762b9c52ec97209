using System.Net.Mime;
using System.Text;
using MassTransit;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>Writes a <see cref="DetectedIssuePublished"/> as its FHIR JSON, with <c>content_type: application/fhir+json</c>.</summary>
internal sealed class FhirMessageSerializer : IMessageSerializer
{
    public static readonly FhirMessageSerializer Instance = new();

    public ContentType ContentType => FhirBodyDeserializer.FhirJsonContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Message is DetectedIssuePublished issue
            ? new Utf8Body(issue.Json)
            : throw new NotSupportedException("only DetectedIssuePublished is written as FHIR JSON");
    }

    private sealed class Utf8Body(string text) : MessageBody
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(text);

        public long? Length => _bytes.Length;

        public Stream GetStream() => new MemoryStream(_bytes, writable: false);

        public byte[] GetBytes() => _bytes;

        public string GetString() => text;
    }
}
