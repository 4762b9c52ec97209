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
            ? new Utf8Body(issue.Utf8Json)
            : throw new NotSupportedException("only DetectedIssuePublished is written as FHIR JSON");
    }

    private sealed class Utf8Body(ReadOnlyMemory<byte> utf8) : MessageBody
    {
        private byte[]? _bytes;

        public long? Length => utf8.Length;

        public Stream GetStream() => new MemoryStream(GetBytes(), writable: false);

        public byte[] GetBytes() => _bytes ??= utf8.ToArray();

        public string GetString() => Encoding.UTF8.GetString(utf8.Span);
    }
}
